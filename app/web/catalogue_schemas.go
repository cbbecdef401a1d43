package web

// catalogueSchemas are the OpenAPI components of the catalogue area.
func catalogueSchemas() map[string]any {
	strs := arr(str(""))
	num := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	change := obj(map[string]any{"field": str(""), "from": strs, "to": strs, "added": strs, "removed": strs})
	entry := obj(map[string]any{
		"id": str("uuid"), "neq": str(""), "name": str(""), "other_names": strs,
		"legal_form": map[string]any{"type": "string", "enum": []string{"coop", "coop_solidarity", "coop_worker", "coop_producer",
			"coop_consumer", "coop_worker_shareholder", "nonprofit", "mutual"}},
		"ees": obj(map[string]any{"criteria": map[string]any{"type": "object", "additionalProperties": obj(map[string]any{"met": boolean, "note": str("")})},
			"trust": str(""), "verified_by": str(""), "verified_at": str("date-time")}),
		"no_ristourne": boolean, "adapted": boolean,
		"address": obj(map[string]any{"street": str(""), "municipality_code": str(""), "municipality_name": str(""), "postal_code": str(""),
			"mrc_code": str(""), "region_code": str("")}),
		"regions_served": strs, "sectors": strs, "unspsc": strs, "products": strs, "description": str(""), "website": str("uri"),
		"contact":       obj(map[string]any{"email": str("email"), "phone": str("")}),
		"source":        obj(map[string]any{"kind": str(""), "name": str(""), "ref": str("")}),
		"last_verified": str("date-time"), "status": str(""), "merged_into": str("uuid"), "claimed_by": str("uuid"), "version": num,
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
		"CatalogueMerge": obj(map[string]any{"into": str("uuid")}),
		"CatalogueImportPlan": obj(map[string]any{"id": str("uuid"), "encoding": str(""), "delimiter": str(""), "headers": strs,
			"mapping": map[string]any{"type": "object", "additionalProperties": str("")},
			"preview": arr(obj(map[string]any{"Number": num, "Line": num, "Values": map[string]any{"type": "object"}})),
			"report": obj(map[string]any{"counts": map[string]any{"type": "object", "additionalProperties": num},
				"rows": arr(obj(map[string]any{"line": num, "outcome": str(""), "match_id": str("uuid"), "changes": arr(change),
					"duplicates": arr(obj(map[string]any{"entry_id": str("uuid"), "name": str(""), "score": map[string]any{"type": "number"}})),
					"errors":     arr(obj(map[string]any{"row": num, "field": str(""), "key": str("")}))}))})}),
		"CatalogueImportApply":  obj(map[string]any{"decisions": map[string]any{"type": "object", "additionalProperties": str("")}}),
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
