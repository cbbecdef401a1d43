package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/declarations"
	"maillage/app/errs"
)

// Blank rows a form offers for new targets and commitments (no script needed to add one).
const (
	blankTargets     = 3
	blankCommitments = 2
)

// declarationFromForm reads the declaration form. Field errors of values that cannot be parsed
// are returned as an Invalid error with the same field names the domain validation uses.
func declarationFromForm(c *fiber.Ctx) (declarations.Declaration, error) {
	var v errs.Validation
	v.Key = "declarations.invalid"
	d := declarations.Declaration{
		TextFR: strings.TrimSpace(c.FormValue("text_fr")),
		TextEN: strings.TrimSpace(c.FormValue("text_en")),
	}
	d.PeriodStart = formDate(&v, c, "period_start")
	d.PeriodEnd = formDate(&v, c, "period_end")
	d.Eligibility = declarations.Eligibility{
		Rule:          declarations.EligibilityRule(c.FormValue("eligibility_rule")),
		DescriptionFR: strings.TrimSpace(c.FormValue("eligibility_description_fr")),
		DescriptionEN: strings.TrimSpace(c.FormValue("eligibility_description_en")),
	}
	if s := strings.TrimSpace(c.FormValue("eligibility_max")); s != "" {
		cents, ok := parseMoney(s)
		if !ok {
			v.Add("eligibility.max_amount", "declarations.value_unreadable", nil)
		}
		d.Eligibility.MaxAmountCents = cents
	}
	for _, p := range []string{"gre_a_gre", "invitation", "public_call"} {
		if c.FormValue("eligibility_procedure_"+p) != "" {
			d.Eligibility.Procedures = append(d.Eligibility.Procedures, p)
		}
	}
	d.Eligibility.ExcludedSegments = append(d.Eligibility.ExcludedSegments, strings.FieldsFunc(c.FormValue("eligibility_excluded"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })...)
	for i := range rowCount(c, "target_count") {
		p := "target_" + strconv.Itoa(i) + "_"
		kind, raw := c.FormValue(p+"kind"), strings.TrimSpace(c.FormValue(p+"value"))
		if kind == "" && raw == "" { // a blank or cleared row: no target (a cleared one is removed)
			continue
		}
		t := declarations.Target{Key: c.FormValue(p + "key"), Kind: declarations.TargetKind(kind),
			Segment:   strings.TrimSpace(c.FormValue(p + "segment")),
			Territory: declarations.Territory{Level: c.FormValue(p + "level"), Code: strings.TrimSpace(c.FormValue(p + "code"))}}
		if t.Kind != declarations.LocalShare {
			t.Territory = declarations.Territory{}
		}
		if t.Kind != declarations.SegmentEESAmount && t.Kind != declarations.SegmentEESShare {
			t.Segment = ""
		}
		val, ok := parseTargetValue(t.Kind, raw)
		if !ok {
			v.Add("targets["+strconv.Itoa(len(d.Targets))+"].value", "declarations.value_unreadable", nil)
		}
		t.Value = val
		d.Targets = append(d.Targets, t)
	}
	for i := range rowCount(c, "commitment_count") {
		p := "commitment_" + strconv.Itoa(i) + "_"
		text := strings.TrimSpace(c.FormValue(p + "text_fr"))
		if text == "" && strings.TrimSpace(c.FormValue(p+"text_en")) == "" {
			continue
		}
		d.Commitments = append(d.Commitments, declarations.Commitment{Key: c.FormValue(p + "key"), TextFR: text,
			TextEN: strings.TrimSpace(c.FormValue(p + "text_en")), Status: declarations.CommitmentStatus(c.FormValue(p + "status")),
			Evidence: strings.TrimSpace(c.FormValue(p + "evidence"))})
	}
	return d, v.Err()
}

// rowCount reads how many indexed rows a form sent (bounded, so a forged count costs nothing).
func rowCount(c *fiber.Ctx, field string) int {
	n, err := strconv.Atoi(c.FormValue(field))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, 100)
}

func formDate(v *errs.Validation, c *fiber.Ctx, field string) time.Time {
	return dateField(v, field, c.FormValue(field))
}

// parseTargetValue reads a value as a person types it: dollars for amounts ("250 000", "1 234,50 $"),
// a percentage for shares ("15", "12,5 %"), a whole number for counts.
func parseTargetValue(k declarations.TargetKind, s string) (int64, bool) {
	switch k.Unit() {
	case declarations.Cents:
		return parseMoney(s)
	case declarations.BasisPoints:
		f, ok := parseDecimal(strings.TrimSuffix(strings.TrimSpace(s), "%"))
		return int64(math.Round(f * 100)), ok
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// parseMoney reads dollars written the French or English way into cents.
func parseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(s), "$"), "$"))
	f, ok := parseDecimal(s)
	return int64(math.Round(f * 100)), ok
}

// parseDecimal accepts "1 234,5", "1,234.5", "1234.5" and "1234,5".
func parseDecimal(s string) (float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	if strings.Contains(s, ",") && strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "") // English thousands separators
	} else {
		s = strings.ReplaceAll(s, ",", ".")
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// formValue writes a stored value back the way parseTargetValue reads it.
func formValue(t declarations.Target) string {
	switch t.Kind.Unit() {
	case declarations.Cents:
		if t.Value%100 == 0 {
			return strconv.FormatInt(t.Value/100, 10)
		}
		return strconv.FormatFloat(float64(t.Value)/100, 'f', 2, 64)
	case declarations.BasisPoints:
		return strconv.FormatFloat(float64(t.Value)/100, 'f', -1, 64)
	}
	return strconv.FormatInt(t.Value, 10)
}

// formView is the edit form: the declaration as typed, with blank rows to add targets and commitments.
type formView struct {
	Slug        string
	Action      string
	Decl        declarations.Declaration
	Targets     []formTarget
	Commitments []declarations.Commitment
	Kinds       []declarations.TargetKind
	Statuses    []declarations.CommitmentStatus
	Procedures  map[string]bool
	Excluded    string
	MaxAmount   string
	Adopted     bool
	// ProcedureCodes are the procedures a custom eligibility definition may keep.
	ProcedureCodes []string
}

type formTarget struct {
	Index int
	declarations.Target
	Value string
}

func newFormView(slug, action string, d declarations.Declaration) formView {
	v := formView{Slug: slug, Action: action, Decl: d, Kinds: declarations.TargetKinds, Statuses: declarations.CommitmentStatuses,
		Procedures: map[string]bool{}, Excluded: strings.Join(d.Eligibility.ExcludedSegments, ", "), Adopted: d.Status == declarations.Adopted,
		ProcedureCodes: []string{"gre_a_gre", "invitation", "public_call"}}
	for _, p := range d.Eligibility.Procedures {
		v.Procedures[p] = true
	}
	if d.Eligibility.MaxAmountCents > 0 {
		v.MaxAmount = formValue(declarations.Target{Kind: declarations.EESAmount, Value: d.Eligibility.MaxAmountCents})
	}
	for i, t := range d.Targets {
		v.Targets = append(v.Targets, formTarget{Index: i, Target: t, Value: formValue(t)})
	}
	for i := 0; i < blankTargets; i++ {
		v.Targets = append(v.Targets, formTarget{Index: len(v.Targets)})
	}
	v.Commitments = append(append([]declarations.Commitment{}, d.Commitments...), make([]declarations.Commitment, blankCommitments)...)
	return v
}

func (s *Server) renderForm(c *fiber.Ctx, titleID string, v formView, failure error) error {
	p := s.page(c, titleID, v)
	if failure != nil {
		e := errs.As(failure)
		if e == nil || (e.Kind != errs.Invalid && e.Kind != errs.Conflict) {
			return failure
		}
		c.Status(statusOf(e.Kind))
		p.Error = translate(p.L, e.Key, e.Args)
		p.Errors = map[string]string{}
		for _, f := range e.Fields {
			if _, seen := p.Errors[f.Field]; !seen {
				p.Errors[f.Field] = translate(p.L, f.Key, f.Args)
			}
		}
	}
	return s.renderPage(c, "declarations/form", p)
}
