package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"maillage/app/errs"
)

type advCase struct {
	name      string
	policy    func(*Policy)
	purchase  func(*Purchase)
	suppliers func([]Supplier) []Supplier
	wantErr   string // message ID of the expected error
	proc      Procedure
	band      Band
	msgs      []string            // must appear in the answer
	noMsgs    []string            // must not appear
	ranked    []string            // exact ranking when not nil
	excluded  map[string][]string // supplier → message IDs that must be among its reasons
	versions  []string            // rule versions that must be quoted by some line
}

func amountOn(date string, amt Cents) func(*Purchase) {
	return func(p *Purchase) { p.PlannedDate, p.Amount = day(date), amt }
}

func goodsOn(date string, amt Cents) func(*Purchase) {
	return func(p *Purchase) { p.PlannedDate, p.Amount, p.Nature = day(date), amt, Goods }
}

// thresholdCases: amounts exactly at, one cent under and one cent over the invitation floor
// and the public-tender threshold, on both sides of each change of threshold.
func thresholdCases() []advCase {
	periods := []struct {
		date      string
		threshold Cents
		version   string
	}{
		{"2019-06-01", 10110000, "tender_threshold/2018-01-01"},
		{"2022-10-06", 10570000, "tender_threshold/2020-01-01"},
		{"2022-10-07", 12120000, "tender_threshold/2022-10-07"},
		{"2023-12-31", 12120000, "tender_threshold/2022-10-07"},
		{"2024-01-01", 13380000, "tender_threshold/2024-01-01"},
	}
	var cs []advCase
	for _, p := range periods {
		for _, x := range []struct {
			label string
			amt   Cents
			proc  Procedure
			band  Band
			msg   string
		}{
			{"threshold-1c", p.threshold - 1, Invitation, BandMiddle, "rules.proc.invitation"},
			{"threshold", p.threshold, PublicCall, BandPublic, "rules.proc.public_call"},
			{"threshold+1c", p.threshold + 1, PublicCall, BandPublic, "rules.proc.public_call"},
		} {
			cs = append(cs, advCase{name: fmt.Sprintf("lcv %s %s", p.date, x.label), purchase: goodsOn(p.date, x.amt),
				proc: x.proc, band: x.band, msgs: []string{x.msg}, versions: []string{p.version}})
		}
	}
	for _, date := range []string{"2019-06-01", "2024-01-01"} {
		cs = append(cs,
			advCase{name: "lcv " + date + " floor-1c", purchase: goodsOn(date, 2_499_999), proc: GreAGre, band: BandSmall,
				msgs: []string{"rules.proc.gre_a_gre_under_floor"}, versions: []string{"invitation_floor/2018-01-01"}},
			advCase{name: "lcv " + date + " floor", purchase: goodsOn(date, 2_500_000), proc: Invitation, band: BandMiddle,
				msgs: []string{"rules.proc.invitation"}},
			advCase{name: "lcv " + date + " floor+1c", purchase: goodsOn(date, 2_500_001), proc: Invitation, band: BandMiddle,
				msgs: []string{"rules.proc.invitation"}})
	}
	return cs
}

func localPolicy(scope TerritoryScope, mech Mechanism, codes ...string) func(*Policy) {
	return func(p *Policy) {
		p.LocalScope, p.LocalMechanism, p.LocalCodes = scope, mech, codes
		if mech == MechanismPremium {
			p.LocalPremium = 500
		}
	}
}

func loi67Cases() []advCase {
	var cs []advCase
	for _, x := range []struct {
		date string
		in   bool
	}{{"2021-06-24", false}, {"2021-06-25", true}, {"2024-06-24", true}, {"2024-06-25", false}} {
		c := advCase{name: "loi67 with policy " + x.date, purchase: goodsOn(x.date, 1_000_000),
			policy: localPolicy(TerritoryQuebec, MechanismInvite), proc: GreAGre, msgs: []string{"rules.pref.local_lawful", "rules.pref.local_invite_first"}}
		w := advCase{name: "loi67 without policy " + x.date, purchase: goodsOn(x.date, 1_000_000), proc: GreAGre}
		if x.in {
			c.msgs = append(c.msgs, "rules.pref.loi67_in_force")
			c.versions = []string{"loi67_window/2021-06-25"}
			w.msgs = []string{"rules.warn.loi67_policy_missing"}
		} else {
			c.noMsgs = []string{"rules.pref.loi67_in_force"}
			c.versions = []string{"local_preference_rgc/2018-01-01"}
			w.noMsgs = []string{"rules.warn.loi67_policy_missing", "rules.pref.local_lawful"}
		}
		cs = append(cs, c, w)
	}
	return cs
}

func lcop(p *Policy) { p.LawFamily = LawLCOP }

func lcopWith(mech Mechanism, premium Percent, ees bool) func(*Policy) {
	return func(p *Policy) {
		p.LawFamily, p.LocalScope, p.LocalMechanism, p.LocalPremium, p.EESPreference = LawLCOP, TerritoryQuebec, mech, premium, ees
	}
}

func lcopCases() []advCase {
	return []advCase{
		{name: "lcop under floor", policy: lcop, purchase: goodsOn("2025-03-01", 2_499_999), proc: GreAGre, band: BandSmall,
			msgs: []string{"rules.proc.lcop_under_floor"}, versions: []string{"lcop_tender_threshold/2024-01-01"}},
		{name: "lcop middle band", policy: lcop, purchase: goodsOn("2025-03-01", 5_000_000), proc: Invitation, band: BandMiddle,
			msgs: []string{"rules.proc.lcop_invitation"}, noMsgs: []string{"rules.proc.invitation"}},
		{name: "lcop at threshold", policy: lcop, purchase: goodsOn("2025-03-01", 13_380_000), proc: PublicCall, band: BandPublic},
		{name: "lcop rq attestation for goods at 25k", policy: lcop, purchase: goodsOn("2025-03-01", 2_500_000),
			msgs: []string{"rules.doc.rq_attestation"}},
		{name: "lcop no rq attestation under 25k", policy: lcop, purchase: goodsOn("2025-03-01", 2_499_999),
			noMsgs: []string{"rules.doc.rq_attestation"}},
		{name: "lcop preferences before Loi 12", policy: lcopWith(MechanismPremium, 500, true), purchase: goodsOn("2022-06-01", 1_000_000),
			msgs: []string{"rules.warn.lcop_not_in_force"}, noMsgs: []string{"rules.pref.lcop_value_added"}},
		{name: "lcop value-added preference from Loi 12", policy: lcopWith(MechanismPremium, 500, false), purchase: goodsOn("2022-06-02", 1_000_000),
			msgs: []string{"rules.pref.lcop_value_added", "rules.pref.lcop_quebec_goods", "rules.rank.premium"}, noMsgs: []string{"rules.warn.lcop_premium_capped"}},
		{name: "lcop premium capped at 10%", policy: lcopWith(MechanismPremium, 1500, false), purchase: goodsOn("2025-03-01", 1_000_000),
			msgs: []string{"rules.warn.lcop_premium_capped", "rules.pref.lcop_value_added"}},
		{name: "lcop ees margin", policy: lcopWith(MechanismNone, 0, true), purchase: amountOn("2025-03-01", 1_000_000),
			msgs: []string{"rules.pref.lcop_ees_margin", "rules.rank.ees"}, ranked: []string{"A", "C", "H", "B", "D"}},
		{name: "lcop no exemptions of LCV 573.3", policy: lcop, purchase: amountOn("2025-03-01", 5_000_000),
			noMsgs: []string{"rules.exempt.nonprofit_services"}},
		{name: "lcop reserved to small enterprises", policy: lcopWith(MechanismReserved, 0, false), purchase: amountOn("2025-03-01", 5_000_000),
			suppliers: func(s []Supplier) []Supplier {
				s[0].Employees, s[1].Employees, s[2].Employees, s[7].Employees = 12, 80, 5, 0
				for i := range s {
					s[i].Documents = []Document{{Type: DocRQAttestation, Expires: day("2025-12-31")}}
				}
				return s
			},
			proc: Invitation, msgs: []string{"rules.pref.lcop_reserved_small"}, ranked: []string{"A", "C"},
			excluded: map[string][]string{"B": {"rules.excl.not_small_enterprise"}, "D": {"rules.excl.not_local_reserved"}, "H": {"rules.excl.size_unknown"}}},
	}
}

func mechanismCases() []advCase {
	return []advCase{
		{name: "invite local first, region", policy: localPolicy(TerritoryRegion, MechanismInvite, "04"), proc: GreAGre,
			msgs: []string{"rules.pref.local_invite_first", "rules.rank.local"}, ranked: []string{"A", "B", "H", "C", "D"}},
		{name: "invite local first, mrc", policy: localPolicy(TerritoryMRC, MechanismInvite, "373"),
			ranked: []string{"H", "A", "B", "C", "D"}},
		{name: "invite local first, quebec", policy: localPolicy(TerritoryQuebec, MechanismInvite),
			ranked: []string{"A", "B", "C", "H", "D"}},
		{name: "price premium on gré à gré", policy: localPolicy(TerritoryRegion, MechanismPremium, "04"), proc: GreAGre,
			msgs: []string{"rules.pref.local_premium", "rules.rank.premium"}},
		{name: "price premium needs gré à gré", policy: localPolicy(TerritoryRegion, MechanismPremium, "04"), purchase: amountOn("2025-03-01", 5_000_000),
			proc: Invitation, msgs: []string{"rules.pref.local_premium_needs_gre_a_gre"}, noMsgs: []string{"rules.rank.premium", "rules.pref.local_premium"}},
		{name: "price premium with policy gré à gré in band", purchase: amountOn("2025-03-01", 5_000_000),
			policy: func(p *Policy) {
				localPolicy(TerritoryRegion, MechanismPremium, "04")(p)
				p.GreAGreCeiling = 6_000_000
				p.RotationMonths = 12
			},
			proc: GreAGre, msgs: []string{"rules.pref.local_premium", "rules.proc.gre_a_gre_policy", "rules.proc.rotation"}},
		{name: "reserved invitation excludes non-local", policy: localPolicy(TerritoryRegion, MechanismReserved, "04"), purchase: amountOn("2025-03-01", 5_000_000),
			proc: Invitation, msgs: []string{"rules.pref.local_reserved"}, ranked: []string{"A", "B", "H"},
			excluded: map[string][]string{"C": {"rules.excl.not_local_reserved"}, "D": {"rules.excl.not_local_reserved"}}},
		{name: "reserved invitation with fewer than 2 local", policy: localPolicy(TerritoryMRC, MechanismReserved, "373"), purchase: amountOn("2025-03-01", 5_000_000),
			msgs: []string{"rules.warn.reserved_insufficient"}, ranked: []string{"H", "A", "B", "C", "D"}},
		{name: "reserved mechanism on gré à gré invites first", policy: localPolicy(TerritoryRegion, MechanismReserved, "04"),
			proc: GreAGre, msgs: []string{"rules.pref.local_invite_first"}, noMsgs: []string{"rules.pref.local_reserved"}},
		{name: "ees preference ranks collective first", policy: func(p *Policy) { p.EESPreference = true },
			msgs: []string{"rules.pref.ees_lawful", "rules.pref.ees_first", "rules.rank.ees", "rules.rank.adapted"}, ranked: []string{"A", "C", "H", "B", "D"}},
		{name: "ees and local together", policy: func(p *Policy) { localPolicy(TerritoryRegion, MechanismInvite, "04")(p); p.EESPreference = true },
			ranked: []string{"A", "H", "C", "B", "D"}},
		{name: "no preference at the threshold", policy: func(p *Policy) { localPolicy(TerritoryRegion, MechanismInvite, "04")(p); p.EESPreference = true },
			purchase: amountOn("2025-03-01", 13_380_000), proc: PublicCall,
			msgs: []string{"rules.pref.none_above_threshold"}, noMsgs: []string{"rules.pref.local_invite_first", "rules.rank.local", "rules.rank.ees"},
			ranked: []string{"A", "B", "C", "D", "H"}, versions: []string{"trade_agreements_no_preference/2018-01-01"}},
		{name: "preference one cent under the threshold", policy: localPolicy(TerritoryRegion, MechanismInvite, "04"),
			purchase: amountOn("2025-03-01", 13_379_999), proc: Invitation, msgs: []string{"rules.pref.local_invite_first"}},
	}
}

func ceilingCases() []advCase {
	return []advCase{
		{name: "policy ceiling: amount under it", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 }, purchase: amountOn("2025-03-01", 4_999_999),
			proc: GreAGre, band: BandMiddle, msgs: []string{"rules.proc.middle_band", "rules.proc.gre_a_gre_policy", "rules.warn.rotation_missing"}},
		{name: "policy ceiling: amount at it", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 }, purchase: amountOn("2025-03-01", 5_000_000),
			proc: Invitation, msgs: []string{"rules.proc.over_policy_ceiling"}},
		{name: "category ceiling wins over the general one", purchase: amountOn("2025-03-01", 7_000_000),
			policy: func(p *Policy) {
				p.GreAGreCeiling = 5_000_000
				p.CategoryCeilings = []CategoryCeiling{{Category: "76000000", Ceiling: 6_000_000}, {Category: "76110000", Ceiling: 8_000_000}}
			},
			proc: GreAGre, msgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "ceiling above the threshold is capped", policy: func(p *Policy) { p.GreAGreCeiling = 50_000_000 }, purchase: amountOn("2025-03-01", 13_379_999),
			proc: GreAGre, msgs: []string{"rules.warn.ceiling_capped", "rules.proc.gre_a_gre_policy"}},
		{name: "capped ceiling still means a public call at the threshold", policy: func(p *Policy) { p.GreAGreCeiling = 50_000_000 }, purchase: amountOn("2025-03-01", 13_380_000),
			proc: PublicCall, noMsgs: []string{"rules.proc.gre_a_gre_policy"}},
	}
}

func rotationCases() []advCase {
	withAwards := func(s []Supplier) []Supplier {
		s[0].Awards = []Award{{Category: "76111500", Date: day("2024-12-01")}} // latest
		s[1].Awards = []Award{{Category: "76111500", Date: day("2024-06-01")}}
		s[3].Awards = []Award{{Category: "43210000", Date: day("2025-01-01")}} // other category
		return s
	}
	rot := func(months int) func(*Policy) { return func(p *Policy) { p.RotationMonths = months } }
	return []advCase{
		{name: "rotation excludes the holder of the last award", policy: rot(12), suppliers: withAwards,
			excluded: map[string][]string{"A": {"rules.excl.rotation"}}, ranked: []string{"C", "D", "H", "B"}},
		{name: "rotation window passed", policy: rot(3), suppliers: withAwards, ranked: []string{"C", "D", "H", "B", "A"}},
		{name: "rotation window boundary day", policy: rot(3), purchase: amountOn("2025-02-28", 1_000_000), suppliers: withAwards,
			excluded: map[string][]string{"A": {"rules.excl.rotation"}}},
		{name: "no rotation rule orders by last award", suppliers: withAwards, ranked: []string{"C", "D", "H", "B", "A"},
			msgs: []string{"rules.rank.rotation_last", "rules.rank.rotation_never"}},
		{name: "invitation is not restricted by rotation", policy: rot(12), purchase: amountOn("2025-03-01", 5_000_000), suppliers: withAwards,
			proc: Invitation, ranked: []string{"C", "D", "H", "B", "A"}},
		{name: "future awards are ignored", policy: rot(12), purchase: amountOn("2024-11-01", 1_000_000), suppliers: withAwards,
			excluded: map[string][]string{"B": {"rules.excl.rotation"}}},
	}
}

func exemptionCases() []advCase {
	return []advCase{
		{name: "services with non-profits in the middle band", purchase: amountOn("2025-03-01", 5_000_000),
			msgs:     []string{"rules.exempt.nonprofit_services", "rules.exempt.solidarity_coop", "rules.exempt.listed_services_nonprofit"},
			versions: []string{"lcv_573_3_nonprofit_services/2018-01-01"}},
		{name: "no exemption needed under the floor", noMsgs: []string{"rules.exempt.nonprofit_services"}},
		{name: "no exemption for goods", purchase: goodsOn("2025-03-01", 5_000_000), noMsgs: []string{"rules.exempt.nonprofit_services"}},
		{name: "exemptions above the threshold", purchase: amountOn("2025-03-01", 20_000_000), proc: PublicCall,
			msgs: []string{"rules.exempt.nonprofit_services"}},
	}
}

func documentCases() []advCase {
	construction := func(amt Cents, date string) func(*Purchase) {
		return func(p *Purchase) { p.Nature, p.Amount, p.PlannedDate = Construction, amt, day(date) }
	}
	services := func(amt Cents) func(*Purchase) { return amountOn("2025-03-01", amt) }
	rq := func(docs ...Document) func([]Supplier) []Supplier {
		return func(s []Supplier) []Supplier {
			for i := range s {
				s[i].Documents = docs
			}
			s[1].Documents = nil
			return s
		}
	}
	return []advCase{
		{name: "rena check always", msgs: []string{"rules.doc.rena_consult"}, excluded: map[string][]string{"E": {"rules.excl.rena"}}},
		{name: "construction 25k-1c no attestation", purchase: construction(2_499_999, "2025-03-01"), noMsgs: []string{"rules.doc.rq_attestation"}},
		{name: "construction at 25k needs attestation", purchase: construction(2_500_000, "2025-03-01"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-06-30")}),
			msgs: []string{"rules.doc.rq_attestation", "rules.rank.doc_valid"}, excluded: map[string][]string{"B": {"rules.excl.doc_missing"}}},
		{name: "services at 25k need no attestation (municipal)", purchase: services(2_500_000), noMsgs: []string{"rules.doc.rq_attestation"}},
		{name: "expired attestation excludes", purchase: construction(3_000_000, "2025-03-01"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-02-28")}),
			excluded: map[string][]string{"A": {"rules.excl.doc_expired"}}},
		{name: "attestation valid on its last day", purchase: construction(3_000_000, "2025-02-28"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-02-28")}),
			excluded: map[string][]string{"B": {"rules.excl.doc_missing"}}, noMsgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation derived validity: end of third month", purchase: construction(3_000_000, "2025-04-30"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			noMsgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation derived validity: day after", purchase: construction(3_000_000, "2025-05-01"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			msgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation issued after the planned date", purchase: construction(3_000_000, "2025-01-10"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			msgs: []string{"rules.excl.doc_not_yet_valid"}},
		{name: "amp services one cent under", purchase: services(99_999_999), proc: PublicCall, noMsgs: []string{"rules.doc.amp_authorization"}},
		{name: "amp services at 1M", purchase: services(100_000_000), msgs: []string{"rules.doc.amp_authorization"}},
		{name: "amp construction under 5M", purchase: construction(499_999_999, "2025-03-01"), noMsgs: []string{"rules.doc.amp_authorization"}},
		{name: "amp construction at 5M", purchase: construction(500_000_000, "2025-03-01"), msgs: []string{"rules.doc.amp_authorization"}},
		{name: "amp never for goods", purchase: goodsOn("2025-03-01", 600_000_000), noMsgs: []string{"rules.doc.amp_authorization"}},
		{name: "policy may not demand amp below threshold", purchase: services(5_000_000),
			policy: func(p *Policy) {
				p.RequiredDocs = []BandDocuments{{Band: BandMiddle, Types: []string{DocAMPAuthorization, "insurance"}}}
			},
			suppliers: func(s []Supplier) []Supplier {
				s[0].Documents = []Document{{Type: "insurance", Expires: day("2026-01-01")}}
				return s
			},
			msgs: []string{"rules.warn.amp_not_demandable", "rules.doc.policy"}, noMsgs: []string{"rules.doc.amp_authorization"},
			ranked: []string{"A"}, excluded: map[string][]string{"B": {"rules.excl.doc_missing"}}},
		{name: "policy documents of another band are not asked", policy: func(p *Policy) { p.RequiredDocs = []BandDocuments{{Band: BandMiddle, Types: []string{"insurance"}}} },
			noMsgs: []string{"rules.doc.policy"}},
	}
}

func registerCases() []advCase {
	return []advCase{
		{name: "exclusion reasons", ranked: []string{"A", "B", "C", "D", "H"},
			excluded: map[string][]string{"E": {"rules.excl.rena"}, "F": {"rules.excl.not_approved"}, "G": {"rules.excl.category"}}},
		{name: "every reason is given", suppliers: func(s []Supplier) []Supplier {
			s[4].Status, s[4].Categories = "suspended", []string{"10000000"}
			return s
		}, excluded: map[string][]string{"E": {"rules.excl.not_approved", "rules.excl.rena", "rules.excl.category"}}},
		{name: "invitation with too few eligible", purchase: amountOn("2025-03-01", 5_000_000),
			suppliers: func(s []Supplier) []Supplier { return s[4:7] }, msgs: []string{"rules.warn.few_suppliers"}},
		{name: "empty register", suppliers: func([]Supplier) []Supplier { return nil }, ranked: nil},
		{name: "broader purchase category matches narrower supplier", purchase: func(p *Purchase) { p.Category = "76000000" },
			ranked: []string{"A", "B", "C", "D", "H"}},
	}
}

func errorCases() []advCase {
	return []advCase{
		{name: "negative amount", purchase: func(p *Purchase) { p.Amount = -1 }, wantErr: "rules.err.amount_negative"},
		{name: "absurd amount", purchase: func(p *Purchase) { p.Amount = MaxAmount + 1 }, wantErr: "rules.err.amount_absurd"},
		{name: "zero amount is fine", purchase: func(p *Purchase) { p.Amount = 0 }, proc: GreAGre},
		{name: "missing date", purchase: func(p *Purchase) { p.PlannedDate = day("0001-01-01") }, wantErr: "rules.err.date_required"},
		{name: "date too early", purchase: func(p *Purchase) { p.PlannedDate = day("2017-12-31") }, wantErr: "rules.err.date_out_of_range"},
		{name: "unknown nature", purchase: func(p *Purchase) { p.Nature = "food" }, wantErr: "rules.err.nature_invalid"},
		{name: "bad category", purchase: func(p *Purchase) { p.Category = "7611" }, wantErr: "rules.err.category_invalid"},
		{name: "blank object", purchase: func(p *Purchase) { p.Object = "  " }, wantErr: "rules.err.object_required"},
		{name: "policy not in force", policy: func(p *Policy) { p.From = day("2026-01-01") }, wantErr: "rules.err.policy_not_in_force"},
		{name: "policy without law family", policy: func(p *Policy) { p.LawFamily = "" }, wantErr: "rules.err.law_family_invalid"},
		{name: "premium without a percentage", policy: localPolicy(TerritoryQuebec, MechanismPremium), wantErr: "", proc: GreAGre},
		{name: "premium of zero", policy: func(p *Policy) { localPolicy(TerritoryQuebec, MechanismPremium)(p); p.LocalPremium = 0 }, wantErr: "rules.err.premium_invalid"},
		{name: "mechanism without territory", policy: func(p *Policy) { p.LocalMechanism = MechanismInvite }, wantErr: "rules.err.territory_required"},
		{name: "no threshold known for 2028", purchase: func(p *Purchase) { p.PlannedDate = day("2028-01-01") }, wantErr: "rules.err.no_legal_value"},
	}
}

func TestAdvise(t *testing.T) {
	ref := mustDefaults(t)
	var cases []advCase
	for _, group := range [][]advCase{thresholdCases(), loi67Cases(), lcopCases(), mechanismCases(), ceilingCases(),
		rotationCases(), exemptionCases(), documentCases(), registerCases(), errorCases()} {
		cases = append(cases, group...)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Purchase: basePurchase(), Policy: basePolicy(), Reference: ref, Suppliers: register()}
			if tc.purchase != nil {
				tc.purchase(&in.Purchase)
			}
			if tc.policy != nil {
				tc.policy(&in.Policy)
			}
			if tc.suppliers != nil {
				in.Suppliers = tc.suppliers(in.Suppliers)
			}
			got, err := Advise(in)
			if tc.wantErr != "" {
				assertErr(t, err, tc.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("Advise: %v", err)
			}
			checkAdvice(t, tc, got)
		})
	}
}

func assertErr(t *testing.T, err error, key string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Kind != errs.Invalid {
		t.Fatalf("want Invalid %s, got %v", key, err)
	}
	if e.Key == key {
		return
	}
	for _, f := range e.Fields {
		if f.Key == key {
			return
		}
	}
	t.Fatalf("want %s among %v", key, e)
}

func checkAdvice(t *testing.T, tc advCase, got Advice) {
	t.Helper()
	if tc.proc != "" && got.Procedure != tc.proc {
		t.Errorf("procedure = %s, want %s (%v)", got.Procedure, tc.proc, got.MessageIDs())
	}
	if tc.band != "" && got.Band != tc.band {
		t.Errorf("band = %s, want %s", got.Band, tc.band)
	}
	for _, m := range tc.msgs {
		if !hasMsg(got, m) {
			t.Errorf("missing %s in %v", m, got.MessageIDs())
		}
	}
	for _, m := range tc.noMsgs {
		if hasMsg(got, m) {
			t.Errorf("unexpected %s in %v", m, got.MessageIDs())
		}
	}
	if tc.ranked != nil && !slices.Equal(rankedIDs(got), tc.ranked) {
		t.Errorf("ranked = %v, want %v", rankedIDs(got), tc.ranked)
	}
	for id, want := range tc.excluded {
		have := excludedFor(got, id)
		for _, m := range want {
			if !slices.Contains(have, m) {
				t.Errorf("supplier %s: excluded for %v, want %s", id, have, m)
			}
		}
	}
	versions := map[string]bool{}
	for _, l := range allLines(got) {
		versions[l.Rule.Version] = true
		if l.Rule.Key == "" || l.Rule.Version == "" || l.Rule.Citation == "" || !strings.HasPrefix(l.MsgID, "rules.") {
			t.Errorf("line without rule reference or message ID: %+v", l)
		}
	}
	for _, v := range tc.versions {
		if !versions[v] {
			t.Errorf("rule version %s not quoted", v)
		}
	}
	for i, r := range got.Ranked {
		if r.Rank != i+1 {
			t.Errorf("rank %d at position %d", r.Rank, i)
		}
	}
}
