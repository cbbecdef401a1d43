package web

// rulesSchemas are the OpenAPI components of the advisor, saved advice, policy and contracts routes.
func rulesSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	enum := func(desc string, values ...string) map[string]any {
		return map[string]any{"type": "string", "enum": values, "description": desc}
	}
	described := func(s map[string]any, desc string) map[string]any {
		out := map[string]any{"description": desc}
		for k, v := range s {
			out[k] = v
		}
		return out
	}
	line := obj(map[string]any{"msg_id": str(""), "args": map[string]any{"type": "object"},
		"rule": obj(map[string]any{"key": str(""), "version": str(""), "citation": str(""), "confirmed": boolean,
			"source": enum("what the line rests on", "law", "policy", "register"), "url": str("uri")})})
	supplier := obj(map[string]any{"supplier_id": str("uuid"), "name": str(""), "rank": integer, "reasons": arr(line)})
	named := obj(map[string]any{"supplier_id": str("uuid"), "name": str("")})
	contractInput := map[string]any{"supplier_id": str("uuid"), "supplier_name": str(""), "supplier_neq": str(""), "object": str(""),
		"category": str(""), "nature": str(""), "procedure": str(""), "awarded_cents": integer, "awarded_taxed_cents": integer,
		"final_cents": integer, "final_taxed_cents": integer, "awarded_on": str("date-time"), "starts_on": str("date-time"),
		"ends_on": str("date-time"), "status": str(""), "seao_number": str(""), "advice_id": str("uuid")}
	contract := map[string]any{"id": str("uuid"), "source": str(""), "amended_cents": integer, "supplier_ees": boolean,
		"supplier_adapted": boolean, "supplier_local": boolean, "created_at": str("date-time"), "updated_at": str("date-time")}
	for k, v := range contractInput {
		contract[k] = v
	}
	procedure := enum("gre_a_gre: direct award; invitation: written invitation to at least 2 suppliers; public_call: public call for tenders on SEAO",
		"gre_a_gre", "invitation", "public_call")
	docType := described(str(""), "rena_check (consult the RENA), rq_attestation (Revenu Québec attestation), amp_authorization "+
		"(Autorité des marchés publics authorization), or a document code of the body's own policy")
	nature := enum("", "goods", "services", "construction")
	purchase := map[string]any{"object": str(""), "category": described(str(""), "UNSPSC code, 8 digits"), "nature": nature,
		"amount_cents":  described(integer, "estimate before taxes, renewal options excluded"),
		"options_cents": described(integer, "renewal options, before taxes (0 when none)"),
		"launch_date":   described(str("date"), "the decisive date: launch of the process (publication of the call, sending of the invitations, start of the gré-à-gré process)"),
		"award_date":    described(str("date"), "expected award, optional: a process launched before a change of law and awarded after it is flagged"),
		"supplier_id":   described(str("uuid"), "optional: the register supplier the buyer has in mind (splitting check)")}
	purchaseInput := map[string]any{"planned_date": described(str("date"), "earlier name of launch_date, still accepted")}
	for k, v := range purchase {
		purchaseInput[k] = v
	}
	summary := obj(map[string]any{"id": str("uuid"), "object": str(""), "category": str(""), "nature": nature, "amount_cents": integer,
		"options_cents": integer, "expense_cents": integer, "launch_date": str("date-time"), "procedure": procedure, "law_only": boolean,
		"created_at": str("date-time"), "created_by": str("uuid"), "author_name": str("")})
	policy := map[string]any{"id": str("uuid"), "in_force": boolean,
		"placeholder": described(boolean, "the default policy given at sign-up: no adopted by-law, never in force; answers apply the law alone until the body enters its own version, which replaces it"), "law_family": enum("", "lcv_cm", "lcop"),
		"body":       enum("LCOP bodies only; empty: the tenant's kind decides", "", "ministry", "education", "health"),
		"valid_from": str("date"), "valid_to": str("date"), "resolution_number": str(""), "resolution_date": str("date"),
		"gre_a_gre_ceiling_cents": described(integer, "gré à gré allowed below this net expense in the band from 25 000 $ to the threshold; 0: none"),
		"category_ceilings":       arr(obj(map[string]any{"category": str(""), "ceiling_cents": integer})),
		"rotation_months":         integer, "split_window_months": described(integer, "window of the splitting check; 0: 12 months"),
		"local_scope": enum("", "", "quebec", "region", "mrc"), "local_codes": arr(str("")),
		"local_mechanism":  enum("", "", "invite_local_first", "price_premium", "reserved_invitation"),
		"local_premium_bp": described(integer, "basis points: 500 = 5 %"), "ees_preference": boolean,
		"required_docs":          arr(obj(map[string]any{"band": enum("", "small", "middle", "public"), "types": arr(str(""))})),
		"concentration_limit_bp": integer,
		"concentration_level":    described(map[string]any{"type": "integer", "enum": []int{2, 4, 6, 8}}, "UNSPSC level the concentration check groups by: 2, 4, 6 or 8 digits")}
	policyInput := map[string]any{"close_current": described(boolean, "end the open version the day before valid_from (default true)")}
	for k, v := range policy {
		if k != "id" && k != "in_force" {
			policyInput[k] = v
		}
	}
	// A saved answer gives the purchase back with its dates as the date-times of their midnights (UTC).
	purchaseSaved := map[string]any{}
	for k, v := range purchase {
		purchaseSaved[k] = v
	}
	purchaseSaved["launch_date"], purchaseSaved["award_date"] = str("date-time"), str("date-time")
	input := obj(purchaseInput)
	input["required"] = []string{"object", "category", "nature", "amount_cents"} // and launch_date (or planned_date)
	return map[string]any{
		"PurchaseInput": described(input, "A planned purchase (object, UNSPSC category, nature, amount and launch_date are required; a missing one is a 422 naming it). Amounts in cents before taxes; the advisor compares the expense "+
			"the law compares (municipal bodies: plus net taxes, × 1.049875, renewal options included)."),
		"SavedAdvice": obj(map[string]any{"id": str("uuid"), "created_at": str("date-time"), "created_by": str("uuid"), "author_name": str(""),
			"text": obj(map[string]any{"procedure": str(""), "basis": arr(str("")), "procedure_lines": arr(str("")), "preferences": arr(str("")),
				"exemptions": arr(str("")), "documents": arr(str("")), "warnings": arr(str("")),
				"ranked":   arr(obj(map[string]any{"supplier_id": str(""), "name": str(""), "rank": integer, "reasons": arr(str(""))})),
				"excluded": arr(obj(map[string]any{"supplier_id": str(""), "name": str(""), "reasons": arr(str(""))}))}),
			"purchase": obj(purchaseSaved),
			"advice": obj(map[string]any{"procedure": procedure, "band": enum("", "small", "middle", "public"),
				"launch_date": str("date-time"), "award_date": str("date-time"), "amount_cents": integer, "options_cents": integer,
				"expense_cents": described(integer, "the expense compared with the thresholds, rounded to the cent"),
				"regime":        enum("", "lcv_cm", "lcom", "lcop"), "body": enum("", "municipal", "ministry", "education", "health"),
				"law_only":       described(boolean, "no policy version in force on the launch date: the answer rests on the law alone"),
				"policy_version": str("uuid"), "basis": arr(line), "procedure_lines": arr(line), "preferences": arr(line),
				"exemptions": arr(line), "warnings": arr(line),
				"documents": arr(obj(map[string]any{"doc_type": docType, "line": line})), "ranked": arr(supplier), "excluded": arr(supplier),
				"out_of_category": integer, "uncategorized": arr(named), "uncategorized_count": integer})}),
		"AdviceSummary":     summary,
		"AdviceSummaryPage": obj(map[string]any{"items": arr(ref("AdviceSummary")), "next_cursor": str("")}),
		"PolicyVersion":     obj(policy),
		"PolicyInput":       described(obj(policyInput), "A new policy version; fields left out are taken from the version in force on valid_from."),
		"PolicyVersionList": obj(map[string]any{"items": arr(ref("PolicyVersion")), "in_force": str("uuid")}),
		"PolicyChange": obj(map[string]any{"version": ref("PolicyVersion"), "based_on": str("uuid"), "saved": boolean,
			"changes": arr(obj(map[string]any{"field": str(""), "before": map[string]any{}, "after": map[string]any{}}))}),
		"ContractInput": obj(contractInput),
		"Contract":      obj(contract),
		"ContractPage":  obj(map[string]any{"items": arr(ref("Contract")), "next_cursor": str("")}),
		"SEAOReport": obj(map[string]any{"releases": integer, "for_tenant": integer, "loaded": integer, "already_loaded": integer,
			"matched": integer, "unknown_suppliers": arr(obj(map[string]any{"neq": str(""), "name": str("")}))}),
	}
}
