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
	noPolicy  bool // the body has no policy version in force: the law alone answers
	stub      bool // the version in force is the sign-up's placeholder: the law alone answers too
	body      Body
	policy    func(*Policy)
	purchase  func(*Purchase)
	suppliers func([]Supplier) []Supplier
	history   []PastContract
	wantErr   string // message ID of the expected error
	proc      Procedure
	band      Band
	regime    Regime
	expense   Cents               // the compared expense, when not 0
	docs      []string            // exact document types, when not nil
	msgs      []string            // must appear in the answer
	noMsgs    []string            // must not appear
	ranked    []string            // exact ranking when not nil
	excluded  map[string][]string // supplier → message IDs that must be among its reasons
	versions  []string            // rule versions that must be quoted by some line
}

// muniNet is the net taxes of a municipal body in the shipped reference: GST refunded in full, QST
// half (9.975 % / 2), in parts per million.
const muniNet = 49_875

// preTaxFor is the smallest estimate before taxes whose municipal net expense reaches net.
func preTaxFor(net Cents) Cents {
	return Cents((int64(net)*1_000_000 + 1_000_000 + muniNet - 1) / (1_000_000 + muniNet))
}

// preTaxNear is an estimate before taxes whose net expense is within a cent of net.
func preTaxNear(net Cents) Cents { return Cents(int64(net) * 1_000_000 / (1_000_000 + muniNet)) }

func amountOn(date string, amt Cents) func(*Purchase) {
	return func(p *Purchase) { p.LaunchDate, p.Amount = day(date), amt }
}

func goodsOn(date string, amt Cents) func(*Purchase) {
	return func(p *Purchase) { p.LaunchDate, p.Amount, p.Nature = day(date), amt, Goods }
}

func purchaseOf(date string, n Nature, amt, options Cents) func(*Purchase) {
	return func(p *Purchase) { p.LaunchDate, p.Nature, p.Amount, p.Options = day(date), n, amt, options }
}

// municipalPeriods are the public-tender thresholds of the shipped reference, one date inside each
// period and on each side of every change (2018-02-15 and 2026-02-01 included).
var municipalPeriods = []struct {
	date      string
	threshold Cents
	version   string
	regime    Regime
}{
	{"2018-01-01", 10_000_000, "muni_tender_threshold/2018-01-01", RegimeLCVCM},
	{"2018-02-15", 10_000_000, "muni_tender_threshold/2018-01-01", RegimeLCVCM},
	{"2018-04-18", 10_000_000, "muni_tender_threshold/2018-01-01", RegimeLCVCM},
	{"2018-04-19", 10_110_000, "muni_tender_threshold/2018-04-19", RegimeLCVCM},
	{"2019-12-31", 10_110_000, "muni_tender_threshold/2018-04-19", RegimeLCVCM},
	{"2020-01-01", 10_570_000, "muni_tender_threshold/2020-01-01", RegimeLCVCM},
	{"2022-10-06", 10_570_000, "muni_tender_threshold/2020-01-01", RegimeLCVCM},
	{"2022-10-07", 12_120_000, "muni_tender_threshold/2022-10-07", RegimeLCVCM},
	{"2023-12-31", 12_120_000, "muni_tender_threshold/2022-10-07", RegimeLCVCM},
	{"2024-01-01", 13_380_000, "muni_tender_threshold/2024-01-01", RegimeLCVCM},
	{"2025-12-31", 13_380_000, "muni_tender_threshold/2024-01-01", RegimeLCVCM},
	{"2026-01-01", 13_900_000, "muni_tender_threshold/2026-01-01", RegimeLCVCM},
	{"2026-02-01", 13_900_000, "muni_tender_threshold/2026-01-01", RegimeLCVCM},
	{"2026-03-31", 13_900_000, "muni_tender_threshold/2026-01-01", RegimeLCVCM},
	{"2026-04-01", 13_900_000, "muni_tender_threshold/2026-04-01", RegimeLCOM},
	{"2027-12-31", 13_900_000, "muni_tender_threshold/2026-04-01", RegimeLCOM},
}

// thresholdCases: one dollar of net expense on each side of the invitation floor and of the public-
// tender threshold, in every period, for goods, services and construction, without and with renewal
// options (which count), plus the exact cent at which each threshold is reached. A body with no policy
// answers from the law alone, so the bands are the law's.
func thresholdCases() []advCase {
	var cs []advCase
	for _, p := range municipalPeriods {
		floorVersion := "muni_invitation_floor/2018-01-01"
		if p.regime == RegimeLCOM {
			floorVersion = "muni_invitation_floor/2026-04-01"
		}
		for _, n := range []Nature{Goods, Services, Construction} {
			for _, withOptions := range []bool{false, true} {
				for _, x := range []struct {
					label string
					net   Cents
					proc  Procedure
					band  Band
					msg   string
					ver   string
				}{
					{"floor-1$", 2_500_000 - 100, GreAGre, BandSmall, "rules.proc.gre_a_gre_under_floor", floorVersion},
					{"floor+1$", 2_500_000 + 100, Invitation, BandMiddle, "rules.proc.invitation", floorVersion},
					{"threshold-1$", p.threshold - 100, Invitation, BandMiddle, "rules.proc.invitation", p.version},
					{"threshold+1$", p.threshold + 100, PublicCall, BandPublic, "rules.proc.public_call", p.version},
				} {
					total := preTaxNear(x.net)
					if x.net > p.threshold || x.net == 2_500_000+100 {
						total = preTaxFor(x.net)
					}
					amt, opts := total, Cents(0)
					if withOptions {
						amt = total * 3 / 5
						opts = total - amt
					}
					label := fmt.Sprintf("%s %s %s options=%v", p.date, n, x.label, withOptions)
					cs = append(cs, advCase{name: label, noPolicy: true, purchase: purchaseOf(p.date, n, amt, opts),
						proc: x.proc, band: x.band, regime: p.regime, msgs: []string{x.msg, "rules.warn.no_policy"}, versions: []string{x.ver}})
				}
			}
		}
		exact := preTaxFor(p.threshold)
		cs = append(cs,
			advCase{name: p.date + " exact threshold cent", noPolicy: true, purchase: goodsOn(p.date, exact), proc: PublicCall},
			advCase{name: p.date + " one cent under the threshold", noPolicy: true, purchase: goodsOn(p.date, exact-1), proc: Invitation},
			advCase{name: p.date + " exact floor cent", noPolicy: true, purchase: goodsOn(p.date, preTaxFor(2_500_000)), proc: Invitation},
			advCase{name: p.date + " one cent under the floor", noPolicy: true, purchase: goodsOn(p.date, preTaxFor(2_500_000)-1), proc: GreAGre})
	}
	return cs
}

// netTaxCases are the issue's own examples: the pre-tax estimate is not what the law compares.
func netTaxCases() []advCase {
	return []advCase{
		{name: "24 000 $ before taxes is an invitation (25 197 $ net)", noPolicy: true, purchase: goodsOn("2025-03-01", 2_400_000),
			proc: Invitation, expense: 2_519_700, versions: []string{"muni_amount_basis/2018-01-01"}},
		{name: "116 000 $ before taxes is a public call from 2022-10-07", noPolicy: true, purchase: goodsOn("2022-10-07", 11_600_000),
			proc: PublicCall, expense: 12_178_550},
		{name: "options push the net expense over the threshold", noPolicy: true, purchase: purchaseOf("2025-03-01", Services, 10_000_000, 3_000_000),
			proc: PublicCall, expense: 13_648_375, msgs: []string{"rules.basis.options_counted"}, versions: []string{"muni_options_counted/2018-01-01"}},
		{name: "without options the same contract is an invitation", noPolicy: true, purchase: purchaseOf("2025-03-01", Services, 10_000_000, 0),
			proc: Invitation, noMsgs: []string{"rules.basis.options_counted"}},
	}
}

func localPolicy(scope TerritoryScope, mech Mechanism, codes ...string) func(*Policy) {
	return func(p *Policy) {
		p.LocalScope, p.LocalMechanism, p.LocalCodes = scope, mech, codes
		if mech == MechanismPremium {
			p.LocalPremium = 500
		}
	}
}

// loi67Cases: the window 2021-06-25 → 2024-06-24, only below the public-tender threshold, with and
// without a policy.
func loi67Cases() []advCase {
	var cs []advCase
	for _, x := range []struct {
		date string
		in   bool
	}{{"2021-06-24", false}, {"2021-06-25", true}, {"2024-06-24", true}, {"2024-06-25", false}} {
		c := advCase{name: "loi67 with policy " + x.date, purchase: goodsOn(x.date, 1_000_000),
			policy: localPolicy(TerritoryQuebec, MechanismInvite), proc: GreAGre, msgs: []string{"rules.pref.local_lawful", "rules.pref.local_invite_first"}}
		w := advCase{name: "loi67 with a policy without preference " + x.date, purchase: goodsOn(x.date, 1_000_000), proc: GreAGre}
		n := advCase{name: "loi67 without policy " + x.date, noPolicy: true, purchase: goodsOn(x.date, 5_000_000), proc: Invitation}
		above := advCase{name: "loi67 above the threshold " + x.date, noPolicy: true, purchase: goodsOn(x.date, 20_000_000), proc: PublicCall,
			noMsgs: []string{"rules.pref.loi67_in_force", "rules.warn.loi67_rgc_not_entered", "rules.warn.loi67_policy_missing"}}
		if x.in {
			c.msgs = append(c.msgs, "rules.pref.loi67_in_force")
			c.versions = []string{"loi67_window/2021-06-25"}
			w.msgs = []string{"rules.warn.loi67_policy_missing", "rules.pref.loi67_in_force"}
			n.msgs = []string{"rules.pref.loi67_in_force", "rules.warn.loi67_rgc_not_entered"}
			n.versions = []string{"loi67_window/2021-06-25"}
		} else {
			c.noMsgs = []string{"rules.pref.loi67_in_force"}
			c.versions = []string{"local_preference_rgc/2018-01-01"}
			w.noMsgs = []string{"rules.warn.loi67_policy_missing", "rules.pref.local_lawful", "rules.pref.loi67_in_force"}
			n.noMsgs = []string{"rules.pref.loi67_in_force", "rules.warn.loi67_rgc_not_entered"}
		}
		cs = append(cs, c, w, n, above)
	}
	return cs
}

// lcomCases: the regime switches on 2026-04-01 with the LCOM's citations, flagged unconfirmed; a
// process launched before and awarded after is flagged.
func lcomCases() []advCase {
	award := func(launch, award string, amt Cents) func(*Purchase) {
		return func(p *Purchase) { p.LaunchDate, p.AwardDate, p.Amount = day(launch), day(award), amt }
	}
	return []advCase{
		{name: "lcom: last day of the LCV", noPolicy: true, purchase: amountOn("2026-03-31", 5_000_000), regime: RegimeLCVCM,
			versions: []string{"muni_invitation_floor/2018-01-01"}, noMsgs: []string{"rules.basis.regime_lcom"}},
		{name: "lcom: first day", noPolicy: true, purchase: amountOn("2026-04-01", 5_000_000), regime: RegimeLCOM,
			versions: []string{"muni_invitation_floor/2026-04-01", "lcom_in_force/2026-04-01", "muni_amount_basis/2026-04-01"}, msgs: []string{"rules.basis.regime_lcom"}},
		{name: "lcom: public call cites the notice content", noPolicy: true, purchase: amountOn("2026-05-01", 20_000_000), proc: PublicCall,
			msgs: []string{"rules.proc.lcom_notice_content"}},
		{name: "lcom: launched before, awarded after", noPolicy: true, purchase: award("2026-03-15", "2026-04-15", 5_000_000), regime: RegimeLCVCM,
			msgs: []string{"rules.warn.lcom_transition"}},
		{name: "lcom: launched and awarded before", noPolicy: true, purchase: award("2026-03-15", "2026-03-31", 5_000_000),
			noMsgs: []string{"rules.warn.lcom_transition"}},
		{name: "lcom: launched after", noPolicy: true, purchase: award("2026-04-01", "2026-05-01", 5_000_000),
			noMsgs: []string{"rules.warn.lcom_transition"}},
		{name: "lcom: policy gré à gré in the band stays possible, flagged", purchase: amountOn("2026-06-01", 3_000_000),
			policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000; p.RotationMonths = 6 }, proc: GreAGre,
			versions: []string{"muni_rgc_band/2026-04-01"}},
	}
}

func lcopPolicy(mech Mechanism, premium Percent, ees bool) func(*Policy) {
	return func(p *Policy) {
		p.LawFamily, p.LocalScope, p.LocalMechanism, p.LocalPremium, p.EESPreference = LawLCOP, TerritoryQuebec, mech, premium, ees
	}
}

func lcop(p *Policy) { p.LawFamily = LawLCOP }

// attested gives every supplier a valid Revenu Québec attestation (LCOP contracts of 25 000 $ or more).
func attested(s []Supplier) []Supplier {
	for i := range s {
		s[i].Documents = []Document{{Type: DocRQAttestation, Expires: day("2026-12-31")}}
	}
	return s
}

// lcopCases: thresholds by kind of body and nature, compared before taxes; s. 14.1 only between the
// public-call threshold and the CETA threshold.
func lcopCases() []advCase {
	var cs []advCase
	for _, x := range []struct {
		body      Body
		nature    Nature
		date      string
		threshold Cents
	}{
		{BodyMinistry, Goods, "2025-03-01", 3_340_000}, {BodyMinistry, Goods, "2026-02-01", 3_470_000},
		{BodyMinistry, Services, "2025-03-01", 13_380_000}, {BodyMinistry, Construction, "2026-02-01", 13_900_000},
		{BodyEducation, Goods, "2025-03-01", 13_380_000}, {BodyEducation, Services, "2026-02-01", 13_900_000},
		{BodyHealth, Goods, "2026-02-01", 13_900_000}, {BodyHealth, Construction, "2018-06-01", 10_000_000},
		{BodyEducation, Construction, "2025-03-01", 10_000_000}, {BodyMinistry, Goods, "2018-02-15", 2_530_000},
	} {
		name := fmt.Sprintf("lcop %s %s %s", x.body, x.nature, x.date)
		cs = append(cs,
			advCase{name: name + " 1$ under", noPolicy: true, body: x.body, purchase: purchaseOf(x.date, x.nature, x.threshold-100, 0),
				proc: Invitation, regime: RegimeLCOP, expense: x.threshold - 100, msgs: []string{"rules.warn.no_policy_lcop"},
				noMsgs: []string{"rules.pref.lcop_14_1_window"}},
			advCase{name: name + " at", noPolicy: true, body: x.body, purchase: purchaseOf(x.date, x.nature, x.threshold, 0), proc: PublicCall},
			advCase{name: name + " options count", noPolicy: true, body: x.body, purchase: purchaseOf(x.date, x.nature, x.threshold-100, 100), proc: PublicCall})
	}
	return append(cs,
		advCase{name: "lcop policy takes its body from the tenant", body: BodyMinistry, policy: lcop, purchase: goodsOn("2025-03-01", 3_340_000), proc: PublicCall},
		advCase{name: "lcop policy names its body", policy: func(p *Policy) { p.LawFamily, p.Body = LawLCOP, BodyHealth },
			purchase: goodsOn("2025-03-01", 3_340_000), proc: Invitation},
		advCase{name: "lcop policy for a municipal tenant must name its body", policy: lcop, wantErr: "rules.err.body_invalid"},
		advCase{name: "lcop under 25k", body: BodyEducation, policy: lcop, purchase: goodsOn("2025-03-01", 2_499_999), proc: GreAGre, band: BandSmall,
			msgs: []string{"rules.proc.lcop_under_floor"}},
		advCase{name: "lcop rq attestation for goods at 25k before taxes", body: BodyEducation, policy: lcop, purchase: goodsOn("2025-03-01", 2_500_000),
			docs: []string{DocRENA, DocRQAttestation}},
		advCase{name: "lcop no rq attestation under 25k", body: BodyEducation, policy: lcop, purchase: goodsOn("2025-03-01", 2_499_999), docs: []string{DocRENA}},
		advCase{name: "lcop 14.1 between the thresholds", noPolicy: true, body: BodyEducation, purchase: goodsOn("2025-03-01", 20_000_000),
			proc: PublicCall, msgs: []string{"rules.pref.lcop_14_1_window", "rules.pref.lcop_ceta_unknown", "rules.pref.lcop_quebec_goods"},
			versions: []string{"lcop_14_1_measures/2022-12-02"}},
		advCase{name: "lcop 14.1 not below the threshold", body: BodyEducation, policy: lcopPolicy(MechanismPremium, 500, false), purchase: goodsOn("2025-03-01", 1_000_000),
			proc: GreAGre, msgs: []string{"rules.pref.lcop_14_1_not_below", "rules.pref.local_premium"},
			noMsgs: []string{"rules.pref.lcop_14_1_window", "rules.pref.lcop_value_added"}},
		advCase{name: "lcop value-added preference in the window", body: BodyEducation, policy: lcopPolicy(MechanismPremium, 500, false),
			purchase: goodsOn("2025-03-01", 20_000_000), suppliers: attested, msgs: []string{"rules.pref.lcop_value_added", "rules.rank.premium"},
			noMsgs: []string{"rules.warn.lcop_premium_capped"}},
		advCase{name: "lcop premium capped at the maximum", body: BodyEducation, policy: lcopPolicy(MechanismPremium, 1500, false),
			purchase: goodsOn("2025-03-01", 20_000_000), msgs: []string{"rules.warn.lcop_premium_capped", "rules.pref.lcop_value_added"}},
		advCase{name: "lcop 14.1 before it came into force", body: BodyEducation, policy: lcopPolicy(MechanismPremium, 500, false),
			purchase: goodsOn("2022-06-01", 20_000_000), msgs: []string{"rules.warn.lcop_not_in_force", "rules.pref.none_above_threshold"},
			noMsgs: []string{"rules.pref.lcop_value_added"}},
		advCase{name: "lcop reserved call needs a s. 14.4 directive", body: BodyEducation, policy: lcopPolicy(MechanismReserved, 0, false),
			purchase: goodsOn("2025-03-01", 20_000_000), msgs: []string{"rules.warn.lcop_reserved_needs_directive"}},
		advCase{name: "lcop reserved invitation below the threshold", body: BodyEducation, policy: lcopPolicy(MechanismReserved, 0, false),
			purchase: goodsOn("2025-03-01", 5_000_000), suppliers: attested, proc: Invitation, msgs: []string{"rules.pref.local_reserved"}, ranked: []string{"A", "B", "C", "H"},
			excluded: map[string][]string{"D": {"rules.excl.not_local_reserved"}}},
		advCase{name: "lcop ees margin for designated acquisitions", body: BodyEducation, policy: lcopPolicy(MechanismNone, 0, true),
			purchase: amountOn("2025-03-01", 1_000_000), msgs: []string{"rules.pref.lcop_ees_margin", "rules.rank.ees"}, ranked: []string{"A", "C", "H", "B", "D"},
			versions: []string{"lcop_14_11_ees_margin/2023-02-06"}},
		advCase{name: "lcop no exemptions of LCV 573.3", body: BodyEducation, policy: lcop, purchase: amountOn("2025-03-01", 5_000_000),
			noMsgs: []string{"rules.exempt.nonprofit"}},
	)
}

func mechanismCases() []advCase {
	under := preTaxFor(13_380_000) - 1
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
			proc: GreAGre, msgs: []string{"rules.pref.local_premium", "rules.proc.gre_a_gre_policy", "rules.proc.rotation", "rules.proc.rgc_band_power"}},
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
			purchase: amountOn("2025-03-01", under+1), proc: PublicCall,
			msgs: []string{"rules.pref.none_above_threshold"}, noMsgs: []string{"rules.pref.local_invite_first", "rules.rank.local", "rules.rank.ees"},
			ranked: []string{"A", "B", "C", "D", "H"}, versions: []string{"trade_agreements_no_preference/2018-01-01"}},
		{name: "preference one cent under the threshold", policy: localPolicy(TerritoryRegion, MechanismInvite, "04"),
			purchase: amountOn("2025-03-01", under), proc: Invitation, msgs: []string{"rules.pref.local_invite_first"}},
		{name: "no policy: the RGC may favour local suppliers", noPolicy: true, purchase: amountOn("2025-03-01", 5_000_000),
			msgs: []string{"rules.pref.rgc_may_favour"}, noMsgs: []string{"rules.rank.local", "rules.pref.local_lawful"}},
		{name: "public call may be limited to Canadian suppliers under the ceiling", noPolicy: true, purchase: goodsOn("2023-03-01", 20_000_000),
			proc: PublicCall, msgs: []string{"rules.pref.muni_origin_limit"}, versions: []string{"muni_canadian_origin_ceiling_supply_services/2022-10-07"}},
		{name: "no Canadian limit at the ceiling", noPolicy: true, purchase: goodsOn("2023-03-01", preTaxFor(36_680_000)),
			proc: PublicCall, noMsgs: []string{"rules.pref.muni_origin_limit"}},
		{name: "Canadian limit ceiling not known from 2024", noPolicy: true, purchase: goodsOn("2025-03-01", 20_000_000),
			msgs: []string{"rules.pref.muni_origin_limit_unknown"}},
		{name: "no Canadian limit for construction", noPolicy: true, purchase: purchaseOf("2023-03-01", Construction, 20_000_000, 0),
			noMsgs: []string{"rules.pref.muni_origin_limit"}},
	}
}

func ceilingCases() []advCase {
	return []advCase{
		{name: "policy ceiling compares the net expense: under it", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 },
			purchase: amountOn("2025-03-01", preTaxFor(5_000_000)-1), proc: GreAGre, band: BandMiddle,
			msgs: []string{"rules.proc.middle_band", "rules.proc.gre_a_gre_policy", "rules.warn.rotation_missing"}},
		{name: "policy ceiling compares the net expense: at it", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 },
			purchase: amountOn("2025-03-01", preTaxFor(5_000_000)), proc: Invitation, msgs: []string{"rules.proc.over_policy_ceiling"}},
		{name: "category ceiling wins over the general one", purchase: amountOn("2025-03-01", 7_000_000),
			policy: func(p *Policy) {
				p.GreAGreCeiling = 5_000_000
				p.CategoryCeilings = []CategoryCeiling{{Category: "76000000", Ceiling: 6_000_000}, {Category: "76110000", Ceiling: 8_000_000}}
			},
			proc: GreAGre, msgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "ceiling above the threshold is capped", policy: func(p *Policy) { p.GreAGreCeiling = 50_000_000 },
			purchase: amountOn("2025-03-01", preTaxFor(13_380_000)-1), proc: GreAGre, msgs: []string{"rules.warn.ceiling_capped", "rules.proc.gre_a_gre_policy"}},
		{name: "capped ceiling still means a public call at the threshold", policy: func(p *Policy) { p.GreAGreCeiling = 50_000_000 },
			purchase: amountOn("2025-03-01", preTaxFor(13_380_000)), proc: PublicCall, noMsgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "before 2018-04-19 the RGC could not allow gré à gré in the band", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 },
			purchase: amountOn("2018-02-15", 3_000_000), proc: Invitation, msgs: []string{"rules.warn.rgc_band_not_in_force"}, noMsgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "from 2018-04-19 it can", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 },
			purchase: amountOn("2018-04-19", 3_000_000), proc: GreAGre, versions: []string{"muni_rgc_band/2018-04-19"}},
		{name: "no policy: the band is an invitation, the RGC could allow gré à gré", noPolicy: true, purchase: amountOn("2025-03-01", 3_000_000),
			proc: Invitation, msgs: []string{"rules.proc.rgc_could_allow", "rules.warn.no_policy"}},
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
		{name: "no policy orders by last award too", noPolicy: true, suppliers: withAwards, ranked: []string{"C", "D", "H", "B", "A"}},
		{name: "invitation is not restricted by rotation", policy: rot(12), purchase: amountOn("2025-03-01", 5_000_000), suppliers: withAwards,
			proc: Invitation, ranked: []string{"C", "D", "H", "B", "A"}},
		{name: "future awards are ignored", policy: rot(12), purchase: amountOn("2024-11-01", 1_000_000), suppliers: withAwards,
			excluded: map[string][]string{"B": {"rules.excl.rotation"}}},
	}
}

// splitCases: the same need (UNSPSC class) or the same supplier within the window, below a threshold
// the purchase alone does not reach.
func splitCases() []advCase {
	past := func(sup, cat, date string, amt Cents) PastContract {
		return PastContract{SupplierID: sup, SupplierName: "Name " + sup, Category: cat, Amount: amt, Date: day(date)}
	}
	withSupplier := func(id string) func(*Purchase) {
		return func(p *Purchase) { p.LaunchDate, p.Amount, p.SupplierID = day("2025-03-01"), 1_500_000, id }
	}
	return []advCase{
		{name: "split: same need over the floor", noPolicy: true, purchase: amountOn("2025-03-01", 1_500_000),
			history: []PastContract{past("X", "76111501", "2024-11-01", 1_000_000)}, proc: GreAGre,
			msgs: []string{"rules.warn.split_same_need"}, versions: []string{"muni_split_ban/2018-01-01"}},
		{name: "split: same need under the floor together", noPolicy: true, purchase: amountOn("2025-03-01", 1_000_000),
			history: []PastContract{past("X", "76111501", "2024-11-01", 1_000_000)}, noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: outside the window", noPolicy: true, purchase: amountOn("2025-03-01", 1_500_000),
			history: []PastContract{past("X", "76111501", "2024-02-28", 1_000_000)}, noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: the policy's shorter window", purchase: amountOn("2025-03-01", 1_500_000), policy: func(p *Policy) { p.SplitWindowMonths = 3 },
			history: []PastContract{past("X", "76111501", "2024-11-01", 1_000_000)}, noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: another class is another need", noPolicy: true, purchase: amountOn("2025-03-01", 1_500_000),
			history: []PastContract{past("X", "76121501", "2024-11-01", 1_000_000)}, noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: same need over the public threshold", noPolicy: true, purchase: amountOn("2025-03-01", 10_000_000),
			history: []PastContract{past("X", "76111500", "2024-09-01", 4_000_000)}, proc: Invitation, msgs: []string{"rules.warn.split_same_need"}},
		{name: "split: already a public call", noPolicy: true, purchase: amountOn("2025-03-01", 20_000_000),
			history: []PastContract{past("X", "76111500", "2024-09-01", 4_000_000)}, noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: same supplier", noPolicy: true, purchase: withSupplier("B"),
			history: []PastContract{past("B", "43211500", "2024-12-01", 1_200_000)}, msgs: []string{"rules.warn.split_same_supplier"},
			noMsgs: []string{"rules.warn.split_same_need"}},
		{name: "split: another supplier", noPolicy: true, purchase: withSupplier("C"),
			history: []PastContract{past("B", "43211500", "2024-12-01", 1_200_000)}, noMsgs: []string{"rules.warn.split_same_supplier"}},
		{name: "split: lcop body", body: BodyEducation, noPolicy: true, purchase: amountOn("2025-03-01", 10_000_000),
			history: []PastContract{past("X", "76111500", "2024-09-01", 4_000_000)}, msgs: []string{"rules.warn.split_same_need"},
			versions: []string{"lcop_split_ban/2018-01-01"}},
		{name: "split: lcom article", noPolicy: true, purchase: amountOn("2026-05-01", 1_500_000),
			history: []PastContract{past("X", "76111501", "2026-01-01", 1_000_000)}, versions: []string{"muni_split_ban/2026-04-01"}},
	}
}

func exemptionCases() []advCase {
	cat := func(date, c string, amt Cents) func(*Purchase) {
		return func(p *Purchase) { p.LaunchDate, p.Category, p.Amount = day(date), c, amt }
	}
	return []advCase{
		{name: "services with non-profits in the middle band", purchase: cat("2025-03-01", "72102900", 5_000_000),
			msgs: []string{"rules.exempt.nonprofit", "rules.exempt.solidarity_coop"}, noMsgs: []string{"rules.exempt.listed_services", "rules.exempt.nonprofit_not_listed"},
			versions: []string{"lcv_573_3_nonprofit/2018-01-01", "lcv_573_3_solidarity_coop/2018-04-19"}},
		{name: "no solidarity co-operative exemption before 2018-04-19", purchase: cat("2018-03-01", "72102900", 5_000_000),
			msgs: []string{"rules.exempt.nonprofit"}, noMsgs: []string{"rules.exempt.solidarity_coop"}},
		{name: "no exemption needed under the floor", noMsgs: []string{"rules.exempt.nonprofit"}},
		{name: "no exemption for goods", purchase: goodsOn("2025-03-01", 5_000_000), noMsgs: []string{"rules.exempt.nonprofit"}},
		{name: "insurance is covered whatever its nature", purchase: func(p *Purchase) {
			p.LaunchDate, p.Category, p.Amount, p.Nature = day("2025-03-01"), "84131500", 5_000_000, Goods
		}, msgs: []string{"rules.exempt.nonprofit"}, noMsgs: []string{"rules.exempt.solidarity_coop"}},
		{name: "residual materials services are excluded from par. 2.1", purchase: cat("2025-03-01", "76121501", 5_000_000),
			msgs: []string{"rules.exempt.nonprofit_not_residual"}, noMsgs: []string{"rules.exempt.nonprofit"}},
		{name: "listed services: par. 2.3 below the ceiling", purchase: cat("2023-03-01", "81111500", 5_000_000),
			msgs: []string{"rules.exempt.nonprofit_not_listed", "rules.exempt.listed_services"}, noMsgs: []string{"rules.exempt.nonprofit"}},
		{name: "listed services: not at the ceiling", purchase: cat("2023-03-01", "81111500", preTaxFor(36_680_000)),
			msgs: []string{"rules.exempt.listed_services_over_ceiling"}, noMsgs: []string{"rules.exempt.listed_services"}},
		{name: "listed services: ceiling not known", purchase: cat("2025-03-01", "81111500", 5_000_000),
			msgs: []string{"rules.exempt.listed_services", "rules.warn.services_ceiling_unknown"}},
		{name: "exemptions above the threshold", purchase: cat("2025-03-01", "72102900", 20_000_000), proc: PublicCall,
			msgs: []string{"rules.exempt.nonprofit"}},
		{name: "building cleaning is a listed service (par. 2.3, not 2.1)", purchase: amountOn("2023-03-01", 5_000_000),
			msgs: []string{"rules.exempt.nonprofit_not_listed", "rules.exempt.listed_services"}, noMsgs: []string{"rules.exempt.nonprofit"}},
		{name: "exemptions under the LCOM are carried, flagged", purchase: cat("2026-05-01", "72102900", 5_000_000),
			versions: []string{"lcv_573_3_nonprofit/2026-04-01"}},
	}
}

func documentCases() []advCase {
	construction := func(amt Cents, date string) func(*Purchase) {
		return func(p *Purchase) { p.Nature, p.Amount, p.LaunchDate = Construction, amt, day(date) }
	}
	services := func(amt, options Cents) func(*Purchase) { return purchaseOf("2025-03-01", Services, amt, options) }
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
		{name: "rena check always", docs: []string{DocRENA}, excluded: map[string][]string{"E": {"rules.excl.rena"}}},
		{name: "construction 25k net - 1c: no attestation", purchase: construction(preTaxFor(2_500_000)-1, "2025-03-01"), docs: []string{DocRENA}},
		{name: "construction 25k net: attestation", purchase: construction(preTaxFor(2_500_000), "2025-03-01"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-06-30")}),
			docs: []string{DocRENA, DocRQAttestation}, msgs: []string{"rules.rank.doc_valid"}, excluded: map[string][]string{"B": {"rules.excl.doc_missing"}}},
		{name: "construction with options reaching 25k net", purchase: func(p *Purchase) {
			construction(2_000_000, "2025-03-01")(p)
			p.Options = 400_000
		}, docs: []string{DocRENA, DocRQAttestation}},
		{name: "services at 25k need no attestation (municipal)", purchase: services(2_500_000, 0), docs: []string{DocRENA}},
		{name: "expired attestation excludes", purchase: construction(3_000_000, "2025-03-01"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-02-28")}),
			excluded: map[string][]string{"A": {"rules.excl.doc_expired"}}},
		{name: "attestation valid on its last day", purchase: construction(3_000_000, "2025-02-28"), suppliers: rq(Document{Type: DocRQAttestation, Expires: day("2025-02-28")}),
			excluded: map[string][]string{"B": {"rules.excl.doc_missing"}}, noMsgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation derived validity: end of third month", purchase: construction(3_000_000, "2025-04-30"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			noMsgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation derived validity: day after", purchase: construction(3_000_000, "2025-05-01"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			msgs: []string{"rules.excl.doc_expired"}},
		{name: "attestation issued after the launch date", purchase: construction(3_000_000, "2025-01-10"), suppliers: rq(Document{Type: DocRQAttestation, Issued: day("2025-01-15")}),
			msgs: []string{"rules.excl.doc_not_yet_valid"}},
		{name: "amp services 1M net - 1c", purchase: services(preTaxFor(100_000_000)-1, 0), proc: PublicCall, docs: []string{DocRENA}},
		{name: "amp services 1M net", purchase: services(preTaxFor(100_000_000), 0), docs: []string{DocRENA, DocAMPAuthorization}},
		{name: "amp services with options", purchase: services(80_000_000, 20_000_000), docs: []string{DocRENA, DocAMPAuthorization}},
		{name: "amp construction 5M net - 1c", purchase: construction(preTaxFor(500_000_000)-1, "2025-03-01"), docs: []string{DocRENA, DocRQAttestation}},
		{name: "amp construction 5M net", purchase: construction(preTaxFor(500_000_000), "2025-03-01"), docs: []string{DocRENA, DocRQAttestation, DocAMPAuthorization}},
		{name: "amp construction: 4.8M before taxes is over 5M net", purchase: construction(480_000_000, "2025-03-01"), docs: []string{DocRENA, DocRQAttestation, DocAMPAuthorization}},
		{name: "amp never for goods", purchase: goodsOn("2025-03-01", 600_000_000), docs: []string{DocRENA}},
		{name: "lcop amp before taxes", body: BodyMinistry, noPolicy: true, purchase: services(99_999_999, 0), docs: []string{DocRENA, DocRQAttestation}},
		{name: "policy may not demand amp below threshold", purchase: services(5_000_000, 0),
			policy: func(p *Policy) {
				p.RequiredDocs = []BandDocuments{{Band: BandMiddle, Types: []string{DocAMPAuthorization, "insurance"}}}
			},
			suppliers: func(s []Supplier) []Supplier {
				s[0].Documents = []Document{{Type: "insurance", Expires: day("2026-01-01")}}
				return s
			},
			msgs: []string{"rules.warn.amp_not_demandable", "rules.doc.policy"}, docs: []string{DocRENA, "insurance"},
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
		{name: "no policy ranks the register too", noPolicy: true, ranked: []string{"A", "B", "C", "D", "H"},
			excluded: map[string][]string{"F": {"rules.excl.not_approved"}}},
	}
}

// placeholderCases: the default policy a body gets at sign-up is not an RGC; answers are the law's alone,
// whatever settings the stub carries, and say the RGC was not entered.
func placeholderCases() []advCase {
	stub := func(ceiling Cents) func(*Policy) {
		return func(p *Policy) { p.ResolutionNumber, p.GreAGreCeiling = PlaceholderResolution, ceiling }
	}
	return []advCase{
		{name: "sign-up stub: the law alone, RGC not entered", stub: true, policy: stub(0),
			purchase: amountOn("2025-03-01", 3_000_000), proc: Invitation, msgs: []string{"rules.warn.no_policy"}, noMsgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "sign-up stub: its ceiling grants no gré à gré", stub: true, policy: stub(5_000_000),
			purchase: amountOn("2025-03-01", 3_000_000), proc: Invitation, msgs: []string{"rules.warn.no_policy"}, noMsgs: []string{"rules.proc.gre_a_gre_policy"}},
		{name: "an adopted policy with the same ceiling does", policy: func(p *Policy) { p.GreAGreCeiling = 5_000_000 },
			purchase: amountOn("2025-03-01", 3_000_000), proc: GreAGre, msgs: []string{"rules.proc.gre_a_gre_policy"}, noMsgs: []string{"rules.warn.no_policy"}},
		{name: "sign-up stub under the invitation floor", stub: true, policy: stub(0),
			purchase: amountOn("2025-03-01", preTaxFor(2_500_000)-1), proc: GreAGre, msgs: []string{"rules.warn.no_policy"}},
	}
}

func errorCases() []advCase {
	return []advCase{
		{name: "negative amount", purchase: func(p *Purchase) { p.Amount = -1 }, wantErr: "rules.err.amount_negative"},
		{name: "negative options", purchase: func(p *Purchase) { p.Options = -1 }, wantErr: "rules.err.amount_negative"},
		{name: "absurd amount", purchase: func(p *Purchase) { p.Amount = MaxAmount + 1 }, wantErr: "rules.err.amount_absurd"},
		{name: "absurd options", purchase: func(p *Purchase) { p.Amount, p.Options = MaxAmount, 1 }, wantErr: "rules.err.amount_absurd"},
		{name: "zero amount is fine", purchase: func(p *Purchase) { p.Amount = 0 }, proc: GreAGre},
		{name: "missing date", purchase: func(p *Purchase) { p.LaunchDate = day("0001-01-01") }, wantErr: "rules.err.date_required"},
		{name: "date too early", purchase: func(p *Purchase) { p.LaunchDate = day("2017-12-31") }, wantErr: "rules.err.date_out_of_range"},
		{name: "award before launch", purchase: func(p *Purchase) { p.AwardDate = day("2025-02-01") }, wantErr: "rules.err.award_before_launch"},
		{name: "unknown nature", purchase: func(p *Purchase) { p.Nature = "food" }, wantErr: "rules.err.nature_invalid"},
		{name: "bad category", purchase: func(p *Purchase) { p.Category = "7611" }, wantErr: "rules.err.category_invalid"},
		{name: "no category", purchase: func(p *Purchase) { p.Category = " " }, wantErr: "rules.err.category_required"},
		{name: "blank object", purchase: func(p *Purchase) { p.Object = "  " }, wantErr: "rules.err.object_required"},
		{name: "policy not in force", policy: func(p *Policy) { p.From = day("2026-01-01") }, wantErr: "rules.err.policy_not_in_force"},
		{name: "policy without law family", policy: func(p *Policy) { p.LawFamily = "" }, wantErr: "rules.err.law_family_invalid"},
		{name: "premium without a percentage", policy: localPolicy(TerritoryQuebec, MechanismPremium), wantErr: "", proc: GreAGre},
		{name: "premium of zero", policy: func(p *Policy) { localPolicy(TerritoryQuebec, MechanismPremium)(p); p.LocalPremium = 0 }, wantErr: "rules.err.premium_invalid"},
		{name: "mechanism without territory", policy: func(p *Policy) { p.LocalMechanism = MechanismInvite }, wantErr: "rules.err.territory_required"},
		{name: "split window too long", policy: func(p *Policy) { p.SplitWindowMonths = 61 }, wantErr: "rules.err.split_window_invalid"},
		{name: "municipal policy naming an LCOP body", policy: func(p *Policy) { p.Body = BodyHealth }, wantErr: "rules.err.body_invalid"},
		{name: "no threshold known for 2028", purchase: func(p *Purchase) { p.LaunchDate = day("2028-01-01") }, wantErr: "rules.err.no_legal_value"},
	}
}

func TestAdvise(t *testing.T) {
	t.Parallel()
	ref := mustDefaults(t)
	var cases []advCase
	for _, group := range [][]advCase{thresholdCases(), netTaxCases(), loi67Cases(), lcomCases(), lcopCases(), mechanismCases(), ceilingCases(),
		rotationCases(), splitCases(), exemptionCases(), documentCases(), registerCases(), errorCases(), placeholderCases()} {
		cases = append(cases, group...)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Purchase: basePurchase(), Body: tc.body, Reference: ref, Suppliers: register(), History: tc.history}
			if !tc.noPolicy {
				pol := basePolicy()
				if tc.policy != nil {
					tc.policy(&pol)
				}
				in.Policy = &pol
			}
			if tc.purchase != nil {
				tc.purchase(&in.Purchase)
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
		t.Errorf("procedure = %s, want %s (expense %d, %v)", got.Procedure, tc.proc, got.Expense, got.MessageIDs())
	}
	if tc.band != "" && got.Band != tc.band {
		t.Errorf("band = %s, want %s", got.Band, tc.band)
	}
	if tc.regime != "" && got.Regime != tc.regime {
		t.Errorf("regime = %s, want %s", got.Regime, tc.regime)
	}
	if got.Expense < 0 || (got.Regime != RegimeLCOP && got.Expense < got.Amount) {
		t.Errorf("expense %d for an estimate of %d", got.Expense, got.Amount)
	}
	if tc.expense != 0 && got.Expense != tc.expense {
		t.Errorf("expense = %d, want %d", got.Expense, tc.expense)
	}
	if lawOnly := tc.noPolicy || tc.stub; got.LawOnly != lawOnly || (lawOnly && got.PolicyVersion != "") {
		t.Errorf("law only = %v (policy %q), want %v", got.LawOnly, got.PolicyVersion, lawOnly)
	}
	if tc.docs != nil {
		var have []string
		for _, d := range got.Documents {
			have = append(have, d.DocType)
		}
		if !slices.Equal(have, tc.docs) {
			t.Errorf("documents = %v, want %v", have, tc.docs)
		}
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
		lawOrPolicy := l.Rule.Source != SourceRegister
		if l.Rule.Key == "" || (lawOrPolicy && (l.Rule.Version == "" || l.Rule.Citation == "")) || !strings.HasPrefix(l.MsgID, "rules.") {
			t.Errorf("line without rule reference or message ID: %+v", l)
		}
		if tc.noPolicy && l.Rule.Source == SourcePolicy {
			t.Errorf("a law-only answer quotes a policy: %+v", l)
		}
		if strings.Contains(l.MsgID, "loi67") && (got.Band == BandPublic || l.Rule.Key != "loi67_window") {
			t.Errorf("Loi 67 line outside its rule or above the threshold: %+v", l)
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
