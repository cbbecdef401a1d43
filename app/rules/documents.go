package rules

import "time"

// Document types the law itself asks for; policies may add their own free-form types.
const (
	DocRENA             = "rena_check"        // the buyer consults the RENA; nothing to file
	DocRQAttestation    = "rq_attestation"    // Revenu Québec attestation
	DocAMPAuthorization = "amp_authorization" // Autorité des marchés publics authorization
)

// documents lists what to require of the chosen supplier: the RENA check always, the Revenu
// Québec attestation and the AMP authorization from their thresholds (compared with the same expense
// as the procedure; the AMP's always counts renewal options), then the policy's own documents for
// the band. A municipality may not demand the AMP authorization below its threshold, so a policy
// asking for it there is overruled with a warning.
func (a *advisor) documents() error {
	p := a.in.Purchase
	rena, err := a.in.Reference.need("rena_check", a.day)
	if err != nil {
		return err
	}
	a.require(DocRENA, line(rena.Ref(), "rules.doc.rena_consult", nil))

	rq, err := a.in.Reference.need("rq_attestation_threshold", a.day)
	if err != nil {
		return err
	}
	if a.reaches(a.total, rq.Cents) && (!a.municipal() || p.Nature == Construction) {
		a.require(DocRQAttestation, line(rq.Ref(), "rules.doc.rq_attestation", map[string]any{"Threshold": rq.Cents, "Nature": string(p.Nature)}))
	}

	var amp LegalValue
	ampApplies := false
	if p.Nature != Goods {
		key := "amp_threshold_services"
		if p.Nature == Construction {
			key = "amp_threshold_construction"
		}
		if amp, err = a.in.Reference.need(key, a.day); err != nil {
			return err
		}
		ampApplies = a.reaches(a.ampTotal, amp.Cents)
	}
	if ampApplies {
		a.require(DocAMPAuthorization, line(amp.Ref(), "rules.doc.amp_authorization", map[string]any{"Threshold": amp.Cents, "Nature": string(p.Nature),
			"Amount": a.net(a.ampTotal)}))
	}

	for _, bd := range a.pol.RequiredDocs {
		if bd.Band != a.out.Band {
			continue
		}
		for _, t := range bd.Types {
			if t == DocAMPAuthorization && !ampApplies && a.municipal() {
				ref := RuleRef{Key: "amp_threshold", Source: SourceLaw}
				if amp.Key != "" {
					ref = amp.Ref()
				}
				a.warn(ref, "rules.warn.amp_not_demandable", map[string]any{"Threshold": amp.Cents})
				continue
			}
			a.require(t, line(a.pol.Ref("required_documents"), "rules.doc.policy", map[string]any{"Doc": t}))
		}
	}
	return nil
}

// require adds a requirement unless one of the same type is already there (the law's wins).
func (a *advisor) require(docType string, l Line) {
	for _, r := range a.out.Documents {
		if r.DocType == docType {
			return
		}
	}
	a.out.Documents = append(a.out.Documents, Requirement{DocType: docType, Line: l})
}

// validUntil is the last day a document is valid, zero when it never expires. A Revenu
// Québec attestation with no expiry recorded is valid to the end of the Nth month after issue.
func (a *advisor) validUntil(d Document) time.Time {
	if !d.Expires.IsZero() || d.Type != DocRQAttestation || d.Issued.IsZero() {
		return Truncate(d.Expires)
	}
	months, ok := a.in.Reference.At("rq_attestation_validity_months", d.Issued)
	if !ok {
		return time.Time{}
	}
	y, m, _ := d.Issued.Date()
	return Day(y, m, 1).AddDate(0, int(months.Number)+1, -1)
}

// docStatus tells whether the supplier holds a document of type t valid on the planned day,
// and when the latest one of that type expired if none is.
func (a *advisor) docStatus(s *Supplier, t string) (valid bool, until, expired time.Time, found bool) {
	for _, d := range s.Documents {
		if d.Type != t {
			continue
		}
		found = true
		if !d.Issued.IsZero() && Truncate(d.Issued).After(a.day) {
			continue // not issued yet on the planned day
		}
		u := a.validUntil(d)
		if u.IsZero() || !a.day.After(u) {
			if !valid || (!until.IsZero() && (u.IsZero() || u.After(until))) {
				valid, until = true, u
			}
			continue
		}
		if u.After(expired) {
			expired = u
		}
	}
	return valid, until, expired, found
}
