package web

// catalogueSchemas are the OpenAPI components of the catalogue area. What an entry may lack is null (no NEQ, no
// MRC, not verified, not claimed, not merged); an e-mail or website not given is "".
func catalogueSchemas() map[string]any {
	strs := arr(str(""))
	num := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	change := obj(map[string]any{"field": str(""), "from": strs, "to": strs, "added": strs, "removed": strs})
	entry := obj(map[string]any{
		"id": str("uuid"), "neq": nullable(str("")), "name": str(""), "other_names": strs,
		"legal_form": map[string]any{"type": "string", "enum": []string{"", "coop", "coop_solidarity", "coop_worker", "coop_producer",
			"coop_consumer", "coop_worker_shareholder", "nonprofit", "mutual"}},
		"legal_form_evidence": obj(map[string]any{"kind": str(""), "code": str(""), "source": str(""), "line": num, "on": str("")}),
		"ees": obj(map[string]any{"criteria": map[string]any{"type": "object", "additionalProperties": obj(map[string]any{"met": boolean, "note": str("")})},
			"trust": str(""), "verified_by": nullable(str("")), "verified_at": nullable(str("date-time"))}),
		"no_ristourne": boolean, "adapted": boolean,
		"address": obj(map[string]any{"street": str(""), "municipality_code": str(""), "municipality_name": str(""), "postal_code": str(""),
			"mrc_code": nullable(str("")), "region_code": str("")}),
		"regions_served": strs, "sectors": strs, "unspsc": strs, "products": strs, "description": str(""), "website": optionalURI(),
		"contact":       obj(map[string]any{"email": emptyOr("email"), "phone": str("")}),
		"source":        obj(map[string]any{"kind": str(""), "name": str(""), "ref": str("")}),
		"last_verified": str("date-time"), "status": str(""), "merged_into": nullable(str("uuid")), "claimed_by": nullable(str("uuid")), "version": num,
	})
	facet := arr(obj(map[string]any{"value": str(""), "label_fr": str(""), "label_en": str(""), "count": num}))
	link := obj(map[string]any{"supplier_id": str("uuid"), "entry_id": str("uuid"), "name": str(""), "entry_version": num,
		"synced_version": num, "retired": boolean, "merged_into": str("uuid"), "changes": arr(change), "pending": boolean})
	decisionOut := func(extra map[string]any) map[string]any {
		m := map[string]any{"id": str("uuid"), "entry_id": str("uuid"), "user_id": str("uuid"), "status": str(""), "reason": str(""),
			"created_at": str("date-time")}
		for k, v := range extra {
			m[k] = v
		}
		return obj(m)
	}
	return map[string]any{
		"CatalogueEntry": entry,
		"CatalogueSearch": obj(map[string]any{"items": arr(entry), "next_cursor": str(""), "total": num,
			"facets": obj(map[string]any{"region": facet, "mrc": facet, "municipality": facet, "sector": facet, "unspsc_segment": facet,
				"legal_form": facet, "adapted": facet})}),
		"CatalogueHistory": obj(map[string]any{"items": arr(obj(map[string]any{"version": num, "at": str("date-time"), "actor": str(""),
			"action": str(""), "changes": arr(change)}))}),
		// The status pulled suppliers get is the body's register setting (RegisterSettings.pull_status).
		"CataloguePull": obj(map[string]any{"catalogue_ids": arr(str("uuid"))}),
		"CataloguePullResult": obj(map[string]any{"suppliers": arr(obj(map[string]any{"supplier_id": str("uuid"), "entry_id": str("uuid"),
			"name": str(""), "status": str("")}))}),
		"CatalogueLink":  link,
		"CatalogueLinks": obj(map[string]any{"items": arr(link)}),
		"CatalogueSync":  obj(map[string]any{"fields": strs}),
		"CatalogueVerify": obj(map[string]any{"criteria": map[string]any{"type": "object",
			"additionalProperties": obj(map[string]any{"met": boolean, "note": str("")})}}),
		"CatalogueMerge":        obj(map[string]any{"into": str("uuid")}),
		"CatalogueImportPlan":   importPlanSchema(entry, change),
		"CatalogueImportChange": importChangeSchema(),
		// The contract spreadsheet import (app/web/contracts_import.go): what it did or would do.
		"ContractImport": obj(map[string]any{"imported": num, "dry_run": boolean, "skipped": arr(num), "headers": strs,
			"mapping": map[string]any{"type": "object", "additionalProperties": str("")},
			"preview": arr(map[string]any{"type": "object", "additionalProperties": str("")}), "rows": num}),
		"CatalogueImportApply": obj(map[string]any{
			"decisions": map[string]any{"type": "object", "description": "line → skip | create | merge:<entry id>", "additionalProperties": str("")},
			"fixes": map[string]any{"type": "object", "description": "line → field → value",
				"additionalProperties": map[string]any{"type": "object", "additionalProperties": str("")}}}),
		"CatalogueImportResult": obj(map[string]any{"created": num, "updated": num, "unchanged": num, "skipped": num}),
		"CatalogueDecision":     obj(map[string]any{"approve": boolean, "reason": str("")}),
		"CatalogueClaimRequest": obj(map[string]any{"neq": str(""), "message": str("")}),
		"CatalogueClaim":        decisionOut(map[string]any{"neq": str(""), "message": str("")}),
		"CatalogueRequests": obj(map[string]any{"items": arr(obj(map[string]any{"kind": str(""), "id": str("uuid"), "entry_id": str("uuid"),
			"entry_name": str(""), "region_code": str(""), "user_email": str("email"), "neq": str(""), "message": str(""),
			"changes": arr(change), "created_at": str("date-time")}))}),
		"CatalogueProposal": decisionOut(map[string]any{"base_version": num, "proposed": entry, "changes": arr(change)}),
	}
}

// importPlanSchema documents catalogue.ImportView as the API sends it: every line's status is
// ok (a new entry, or one already up to date), update, error (needs skip or a fix) or
// possible_duplicate (needs skip, create or merge:<entry id>).
func importPlanSchema(entry, change map[string]any) map[string]any {
	strs := arr(str(""))
	num := map[string]any{"type": "integer"}
	msg := arr(obj(map[string]any{"field": str(""), "column": str(""), "code": str(""), "message": str(""), "args": map[string]any{"type": "object"}}))
	counts := map[string]any{"type": "object", "additionalProperties": num}
	// A row's candidate is the entry the import would write: a new one has no id yet ("").
	props := map[string]any{}
	for k, v := range entry["properties"].(map[string]any) {
		props[k] = v
	}
	props["id"] = emptyOr("uuid")
	candidate := obj(props)
	return obj(map[string]any{"id": str("uuid"), "source": str(""), "file_name": str(""), "status": str(""), "encoding": str(""),
		"delimiter": str(""), "headers": strs, "created_at": str("date-time"), "default_form": str(""),
		"mapping":         map[string]any{"type": "object", "additionalProperties": str("")},
		"suggestions":     arr(obj(map[string]any{"header": str(""), "field": str(""), "confidence": map[string]any{"type": "number"}, "saved": map[string]any{"type": "boolean"}})),
		"ignored_columns": strs,
		"preview":         arr(obj(map[string]any{"Number": num, "Line": num, "Values": map[string]any{"type": "object"}})),
		"decisions":       map[string]any{"type": "object", "additionalProperties": str("")},
		"fixes":           map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "object"}},
		"result":          obj(map[string]any{"created": num, "updated": num, "unchanged": num, "skipped": num}),
		"report": obj(map[string]any{"counts": counts, "status_counts": counts,
			"unmapped_sectors": arr(obj(map[string]any{"value": str(""), "count": num})),
			"rows": arr(obj(map[string]any{"line": num,
				"status":    map[string]any{"type": "string", "enum": []string{"ok", "update", "error", "possible_duplicate"}},
				"outcome":   map[string]any{"type": "string", "enum": []string{"new", "unchanged", "update", "error", "possible_duplicate"}},
				"candidate": candidate, "provided": strs, "match_id": str("uuid"), "matched_by": str(""), "changes": arr(change),
				"candidates": arr(obj(map[string]any{"entry_id": str("uuid"), "line": num, "neq": str(""), "name": str(""), "municipality_code": str(""),
					"name_score": map[string]any{"type": "number"}, "score": map[string]any{"type": "number"}, "same_municipality": map[string]any{"type": "boolean"}})),
				"errors": msg, "warnings": msg, "decision": str(""), "fixed": map[string]any{"type": "boolean"}}))}),
	})
}

func importChangeSchema() map[string]any {
	return obj(map[string]any{
		"mapping":      map[string]any{"type": "object", "description": "the file's header → field", "additionalProperties": str("")},
		"default_form": str(""),
		"decisions":    map[string]any{"type": "object", "description": "line → skip | create | merge:<entry id> | \"\" to undecide", "additionalProperties": str("")},
		"fixes": map[string]any{"type": "object", "description": "line → field → value (name, neq, legal_form, street, municipality, postal_code, website, email, phone)",
			"additionalProperties": map[string]any{"type": "object", "additionalProperties": str("")}},
	})
}
