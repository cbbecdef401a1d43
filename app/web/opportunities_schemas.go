package web

// opportunitySchemas are the OpenAPI components of the opportunities area.
func opportunitySchemas() map[string]any {
	strs := arr(str(""))
	num := map[string]any{"type": "integer"}
	boolean := map[string]any{"type": "boolean"}
	reason := obj(map[string]any{"kind": map[string]any{"type": "string",
		"enum": []string{"code_same", "code_under", "code_above", "text", "region", "all_regions"}}, "item": str(""), "profile": str("")})
	item := obj(map[string]any{
		"id": str("uuid"), "source": map[string]any{"type": "string", "enum": []string{"seao", "body"}},
		"kind":  map[string]any{"type": "string", "enum": []string{"notice", "quote_request", "invitation", "upcoming"}},
		"title": str(""), "description": str(""), "body_name": str(""), "body_slug": str(""), "regions": strs, "unspsc": strs,
		"unspsc_titles": strs, "categories": strs, "status": str(""), "visibility": str(""), "closes_at": str("date-time"),
		"published_at": str("date-time"), "updated_at": str("date-time"), "url": str("uri"), "method": str(""),
		"score": num, "reasons": arr(reason), "alert": str(""), "interest": str(""),
	})
	invitee := obj(map[string]any{"name": str(""), "email": str("email"), "supplier_id": str("uuid"),
		"catalogue_entry_id": str("uuid"), "enterprise_id": str("uuid")})
	interest := obj(map[string]any{"id": str("uuid"), "enterprise_id": str("uuid"), "name": str(""),
		"decision": map[string]any{"type": "string", "enum": []string{"interested", "declined"}}, "reason": str(""), "updated_at": str("date-time")})
	opportunityFields := map[string]any{
		"kind":  map[string]any{"type": "string", "enum": []string{"quote_request", "invitation", "upcoming", "notice"}},
		"title": str(""), "description": str(""), "unspsc": strs, "regions": strs, "closes_at": nullable(str("date-time")),
		"questions_until": nullable(str("date-time")), "estimated_cents": nullable(num), "contact_name": str(""),
		"contact_email": emptyOr("email"), "contact_phone": str(""), "seao_url": optionalURI(),
		"visibility": map[string]any{"type": "string", "enum": []string{"invited", "register", "public"}}, "advice_id": nullable(str("uuid")),
		"source_contract_id": nullable(str("uuid")),
	}
	// expected_on is written as a date and read back as the date-time of its midnight (UTC).
	input := map[string]any{"invitees": arr(invitee), "expected_on": nullable(str("date"))}
	out := map[string]any{"id": str("uuid"), "status": str(""), "contract_id": nullable(str("uuid")), "created_by": str("uuid"),
		"expected_on": nullable(str("date-time")),
		"created_at":  str("date-time"), "version": num, "interests": arr(interest),
		"invitations": arr(obj(map[string]any{"id": str("uuid"), "name": str(""), "email": str("email"), "token": str("")}))}
	for k, v := range opportunityFields {
		input[k], out[k] = v, v
	}
	body := obj(map[string]any{"slug": str(""), "name": str(""), "kind": str(""), "region_code": str(""), "region_name": str(""),
		"mrc_code": str(""), "mrc_name": str(""), "municipality": str(""), "public_progress": boolean, "open_opportunities": num,
		"application_url": str(""), "contracts_url": str(""), "progress_url": str("")})
	subscriptionInput := map[string]any{"name": str(""), "unspsc": strs, "regions": strs, "keywords": strs,
		"frequency": map[string]any{"type": "string", "enum": []string{"daily", "weekly", "never"}}}
	subscription := map[string]any{"id": str("uuid"), "active": boolean, "created_at": str("date-time"), "feed_url": str("uri")}
	for k, v := range subscriptionInput {
		subscription[k] = v
	}
	question := obj(map[string]any{"id": str("uuid"), "question": str(""), "answer": str(""), "asked_at": str("date-time"), "answered_at": nullable(str("date-time"))})
	addendum := obj(map[string]any{"id": str("uuid"), "body": str(""), "created_at": str("date-time")})
	member := obj(map[string]any{"catalogue_entry_id": str("uuid"), "name": str(""), "email": str("email"), "region_code": str(""),
		"score": num, "reasons": arr(reason), "forwarded": boolean})
	page := func(items any) map[string]any {
		return obj(map[string]any{"items": arr(items), "next_cursor": str("")})
	}
	return map[string]any{
		"BodyPage":            page(body),
		"OpportunityItem":     item,
		"OpportunityItemPage": page(item),
		"InterestInput": obj(map[string]any{"decision": map[string]any{"type": "string", "enum": []string{"interested", "declined"}},
			"reason": str("")}),
		"Interest":          interest,
		"SubscriptionInput": obj(subscriptionInput),
		"Subscription":      obj(subscription),
		"SubscriptionList":  page(obj(subscription)),
		"OpportunityInput":  obj(input),
		"Opportunity":       obj(out),
		"OpportunityList":   page(obj(out)),
		"CandidateList": page(obj(map[string]any{"catalogue_entry_id": str("uuid"), "name": str(""), "municipality": str(""),
			"has_email": map[string]any{"type": "boolean"}, "score": num, "reasons": arr(reason)})),
		"BodyNoticeList": page(obj(map[string]any{"id": str("uuid"), "title": str(""), "seao_number": str(""), "status": str(""),
			"closes_at": str("date-time"), "url": str("uri"), "interests": arr(interest)})),
		"OpportunityStatus": obj(map[string]any{"status": map[string]any{"type": "string", "enum": []string{"open", "closed", "cancelled"}}}),
		"NoticeLoadReport": obj(map[string]any{"releases": num, "notices": num, "new": num, "updated": num, "unchanged": num,
			"cancelled": num, "buyers": num, "buyers_mapped": num, "matches": num}),
		"Discussion":    obj(map[string]any{"addenda": arr(addendum), "questions": arr(question)}),
		"QuestionInput": obj(map[string]any{"question": str("")}),
		"Question":      question,
		"AnswerInput":   obj(map[string]any{"answer": str("")}),
		"AddendumInput": obj(map[string]any{"body": str("")}),
		"Addendum":      addendum,
		"PoleFeed":      page(obj(map[string]any{"item": item, "members": arr(member)})),
		"ForwardInput":  obj(map[string]any{"item_id": str("uuid"), "catalogue_entry_ids": arr(str("uuid")), "note": str("")}),
		"ForwardResult": obj(map[string]any{"sent": num}),
		"PoleReach": page(obj(map[string]any{"item_id": str("uuid"), "title": str(""), "sent": num, "opened": num, "interested": num,
			"contracts_won": num, "last_sent": str("date-time")})),
	}
}
