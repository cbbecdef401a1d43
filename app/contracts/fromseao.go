package contracts

import "maillage/app/seao"

// FromSEAO turns a SEAO award into a contract input. SEAO publishes amounts before taxes
// (awards[].value is the awarded amount, contracts[].value the final one).
func FromSEAO(r seao.Record) Input {
	in := Input{Object: r.Title, Category: r.UNSPSC, Nature: natureOf(r.MainCategory), Procedure: procedureOf(r.Method),
		AwardedCents: r.AwardCents, AwardedOn: r.AwardDate, SEAONumber: r.SEAONumber, SEAOOCID: r.OCID, SEAOAwardID: r.AwardID,
		Status: statusOf(r.ContractStatus)}
	if len(r.Suppliers) > 0 {
		in.SupplierName, in.SupplierNEQ = r.Suppliers[0].Name, r.Suppliers[0].NEQ
	}
	if r.HasFinal {
		f := r.FinalCents
		in.FinalCents = &f
	}
	if !r.EndDate.IsZero() {
		e := r.EndDate
		in.EndsOn = &e
	}
	if len(in.Category) != 8 {
		in.Category = ""
	}
	in.Normalize()
	return in
}

func natureOf(ocds string) string {
	switch ocds {
	case "works":
		return "construction"
	case "services":
		return "services"
	default:
		return "goods"
	}
}

func procedureOf(method string) string {
	switch method {
	case "open":
		return "public_call"
	case "limited", "selective":
		return "invitation"
	default:
		return "gre_a_gre"
	}
}

func statusOf(s string) string {
	switch s {
	case "terminated", "cancelled":
		return "terminated"
	default:
		return "active"
	}
}
