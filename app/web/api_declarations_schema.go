package web

import "maillage/app/declarations"

// declarationSchemas are this area's OpenAPI components. An empty list is sent as null (Go's nil slice).
func declarationSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	number := map[string]any{"type": "number"}
	boolean := map[string]any{"type": "boolean"}
	target := obj(map[string]any{"key": str(""), "kind": map[string]any{"type": "string", "enum": declarations.TargetKinds},
		"value": integer, "segment": str(""), "territory": obj(map[string]any{"level": str(""), "code": str("")})})
	commitment := obj(map[string]any{"key": str(""), "text_fr": str(""), "text_en": str(""),
		"status": map[string]any{"type": "string", "enum": declarations.CommitmentStatuses}, "evidence": str(""), "updated_at": str("date-time")})
	eligibility := obj(map[string]any{"rule": map[string]any{"type": "string", "enum": []string{"below_threshold", "all", "custom"}},
		"max_amount_cents": integer, "procedures": nullable(arr(str(""))), "excluded_segments": nullable(arr(str(""))), "description_fr": str(""), "description_en": str("")})
	declaration := obj(map[string]any{"id": str("uuid"), "version": integer, "status": str(""), "resolution_number": str(""),
		"resolution_date": str("date-time"), "period_start": str("date-time"), "period_end": str("date-time"), "text_fr": str(""),
		"text_en": str(""), "eligibility": eligibility, "targets": nullable(arr(target)), "commitments": nullable(arr(commitment))})
	ratio := obj(map[string]any{"num": integer, "den": integer})
	slice := obj(map[string]any{"key": str(""), "label": str(""), "cents": integer, "contracts": integer, "contract_ids": arr(str(""))})
	progress := obj(map[string]any{"declaration_id": str("uuid"), "version": integer, "period_start": str("date-time"),
		"period_end": str("date-time"), "as_of": str("date-time"), "elapsed": number,
		"totals": obj(map[string]any{"contracts": integer, "ees_contracts": integer, "spend": integer, "eligible_spend": integer,
			"ees_spend": integer, "ees_eligible_spend": integer}),
		"targets": arr(obj(map[string]any{"target": target, "unit": str(""), "current": integer, "share": ratio, "expected": integer,
			"reached": number, "on_track": boolean, "contract_ids": nullable(arr(str(""))), "supplier_ids": nullable(arr(str("")))})),
		"cumulative":        arr(obj(map[string]any{"day": str("date-time"), "cents": integer})),
		"unknown_threshold": nullable(arr(str("")))})
	contact := obj(map[string]any{"id": str("uuid"), "date": str("date-time"), "kind": map[string]any{"type": "string", "enum": declarations.ContactKinds},
		"buyer_id": str("uuid"), "buyer_name": str(""), "supplier_id": str(""), "enterprise_name": str(""), "outcome": str("")})
	return map[string]any{
		"Declaration":     declaration,
		"DeclarationList": obj(map[string]any{"items": arr(declaration), "next_cursor": str("")}),
		"DeclarationInput": obj(map[string]any{"period_start": str("date"), "period_end": str("date"), "text_fr": str(""), "text_en": str(""),
			"eligibility": eligibility, "targets": arr(target), "commitments": arr(commitment)}),
		"Adoption":         obj(map[string]any{"resolution_number": str(""), "resolution_date": str("date")}),
		"CommitmentUpdate": obj(map[string]any{"status": str(""), "evidence": str("")}),
		"Commitment":       commitment,
		"DeclarationHistory": obj(map[string]any{"versions": arr(obj(map[string]any{"version": integer, "changed_at": str("date-time"), "declaration": declaration})),
			"target_changes": arr(obj(map[string]any{"key": str(""), "kind": str(""), "old": integer, "new": integer, "added": boolean,
				"removed": boolean, "version": integer, "at": str("date-time")}))}),
		"Progress": obj(map[string]any{"declaration": declaration, "progress": progress, "previous": progress,
			"pilot": obj(map[string]any{"contacts": integer, "enterprises_contacted": integer, "ees_contracts": integer,
				"new_relationships": ratio, "buyers_with_contract": ratio, "register_ees_contract": ratio}),
			"by_segment": arr(slice), "by_procedure": arr(slice), "top_suppliers": arr(slice)}),
		"ResolutionFile": obj(map[string]any{"name": str(""), "size": integer, "sha256": str("")}),
		"PublicSwitch":   obj(map[string]any{"public": boolean}),
		"Contact":        contact,
		"ContactList":    obj(map[string]any{"items": arr(contact), "next_cursor": str("")}),
		"ContactInput":   obj(map[string]any{"date": str("date"), "kind": str(""), "supplier_id": str(""), "enterprise_name": str(""), "outcome": str("")}),
	}
}
