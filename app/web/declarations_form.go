package web

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"maillage/app/declarations"
	"maillage/app/errs"
)

// formRows remembers, for each target and commitment of a parsed form, the row it came from: the form's rows
// keep their numbers when empty rows are dropped, so that a message lands next to the row it is about.
type formRows struct {
	targets, commitments []int
	next                 int // the next free row number (after the last row posted)
}

// declarationFromForm reads the declaration form. Values that cannot be read are field errors named after the
// form's own fields (target_3_value…); a row whose "what is measured" is chosen but whose value is empty asks
// for the value; an empty row is no target.
func declarationFromForm(c *fiber.Ctx) (declarations.Declaration, formRows, error) {
	var v errs.Validation
	v.Key = "declarations.invalid"
	var rows formRows
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
			v.Add("eligibility_max", "declarations.value_unreadable", map[string]any{"Value": s})
		}
		d.Eligibility.MaxAmountCents = cents
	}
	args := c.Request().PostArgs()
	for _, p := range args.PeekMulti("eligibility_procedure") {
		d.Eligibility.Procedures = append(d.Eligibility.Procedures, string(p))
	}
	for _, sg := range args.PeekMulti("eligibility_excluded") {
		d.Eligibility.ExcludedSegments = append(d.Eligibility.ExcludedSegments, string(sg))
	}
	n := rowCount(c, "target_count")
	for i := range n {
		p := "target_" + strconv.Itoa(i) + "_"
		kind, raw := c.FormValue(p+"kind"), strings.TrimSpace(c.FormValue(p+"value"))
		if kind == "" && raw == "" { // a blank or cleared row: no target (a cleared one is removed)
			continue
		}
		t := declarations.Target{Key: c.FormValue(p + "key"), Kind: declarations.TargetKind(kind),
			Segment: strings.TrimSpace(c.FormValue(p + "segment"))}
		t.Territory = parsePlace(c.FormValue(p + "place"))
		if t.Kind != declarations.LocalShare {
			t.Territory = declarations.Territory{}
		}
		if t.Kind != declarations.SegmentEESAmount && t.Kind != declarations.SegmentEESShare {
			t.Segment = ""
		}
		switch val, ok := parseTargetValue(t.Kind, raw); {
		case kind == "":
			v.Add(p+"kind", "declarations.target_kind_required", nil)
		case raw == "":
			v.Add(p+"value", "declarations.target_value_required", nil)
		case !ok:
			v.Add(p+"value", "declarations.value_unreadable", map[string]any{"Value": raw})
		default:
			t.Value = val
		}
		d.Targets = append(d.Targets, t)
		rows.targets = append(rows.targets, i)
	}
	rows.next = n
	for i := range rowCount(c, "commitment_count") {
		p := "commitment_" + strconv.Itoa(i) + "_"
		text := strings.TrimSpace(c.FormValue(p + "text_fr"))
		if text == "" && strings.TrimSpace(c.FormValue(p+"text_en")) == "" {
			continue
		}
		d.Commitments = append(d.Commitments, declarations.Commitment{Key: c.FormValue(p + "key"), TextFR: text,
			TextEN: strings.TrimSpace(c.FormValue(p + "text_en")), Status: declarations.CommitmentStatus(c.FormValue(p + "status")),
			Evidence: strings.TrimSpace(c.FormValue(p + "evidence"))})
		rows.commitments = append(rows.commitments, i)
	}
	if err := v.Err(); err != nil {
		// The domain's checks too, so that one answer lists every problem of the form.
		return d, rows, joinInvalid(err, rows.formFields(declarations.Validate(d)))
	}
	return d, rows, nil
}

// parsePlace reads a territory chooser's value: "policy", "region:16" or "mrc:460".
func parsePlace(v string) declarations.Territory {
	level, code, _ := strings.Cut(v, ":")
	return declarations.Territory{Level: level, Code: code}
}

// placeValue is a territory as the chooser writes it.
func placeValue(t declarations.Territory) string {
	if t.Level == "" || t.Level == declarations.LevelPolicy {
		return t.Level
	}
	return t.Level + ":" + t.Code
}

var domainField = regexp.MustCompile(`^(targets|commitments)\[(\d+)\]\.(\w+)$`)

// formFields renames the domain's field names (targets[2].value, eligibility.max_amount) to the form's
// (target_5_value, eligibility_max), so that each message shows next to its field.
func (r formRows) formFields(err error) error {
	e := errs.As(err)
	if e == nil {
		return err
	}
	out := *e
	out.Fields = nil
	for _, f := range e.Fields {
		if strings.HasSuffix(f.Field, "].key") {
			continue // new rows get their keys when saved; a key is never the person's to fix
		}
		f.Field = r.formField(f.Field)
		out.Fields = append(out.Fields, f)
	}
	if len(out.Fields) == 0 && len(e.Fields) > 0 {
		return nil
	}
	return &out
}

func (r formRows) formField(name string) string {
	if m := domainField.FindStringSubmatch(name); m != nil {
		k, _ := strconv.Atoi(m[2])
		rows, prefix := r.targets, "target_"
		if m[1] == "commitments" {
			rows, prefix = r.commitments, "commitment_"
		}
		if k < len(rows) {
			field := m[3]
			switch field {
			case "territory":
				field = "place"
			}
			return prefix + strconv.Itoa(rows[k]) + "_" + field
		}
		return name
	}
	switch name {
	case "eligibility.rule":
		return "eligibility_rule"
	case "eligibility.max_amount":
		return "eligibility_max"
	case "eligibility.excluded_segments":
		return "eligibility_excluded"
	case "eligibility.description_fr":
		return "eligibility_description_fr"
	}
	return name
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

// formView is the edit form: the declaration as typed, its targets and commitments with their row numbers,
// and the choices (names, never codes: kinds, segments, territories).
type formView struct {
	Slug        string
	Action      string
	Decl        declarations.Declaration
	Targets     []formTarget
	Commitments []formCommitment
	TargetCount int // rows posted back (the next free row number)
	CommitCount int
	MaxAmount   string
	Adopted     bool
	// Choices, translated by the handler.
	Kinds       []Choice
	Rules       []Choice
	Procedures  []Choice
	Segments    []Choice
	Statuses    []Choice
	Territories []PlaceGroup
}

type formTarget struct {
	Index int
	declarations.Target
	Value string
	Place string
	Open  bool // the segment and territory part shows unfolded (a kind that needs one)
}

type formCommitment struct {
	Index int
	declarations.Commitment
}

// newFormView lays out d's targets and commitments on rows (rows, when given, are the rows they were posted on)
// and adds the empty rows asked for: one target and one commitment on a new declaration, more on demand.
func (s *Server) newFormView(c *fiber.Ctx, slug, action string, d declarations.Declaration, rows *formRows, addTarget, addCommitment int) formView {
	v := formView{Slug: slug, Action: action, Decl: d, Adopted: d.Status == declarations.Adopted}
	if d.Eligibility.MaxAmountCents > 0 {
		v.MaxAmount = formValue(declarations.Target{Kind: declarations.EESAmount, Value: d.Eligibility.MaxAmountCents})
	}
	next := 0
	for i, t := range d.Targets {
		idx := i
		if rows != nil && i < len(rows.targets) {
			idx = rows.targets[i]
		}
		open := t.Kind == declarations.LocalShare || t.Kind == declarations.SegmentEESAmount || t.Kind == declarations.SegmentEESShare
		v.Targets = append(v.Targets, formTarget{Index: idx, Target: t, Value: formValue(t), Place: placeValue(t.Territory), Open: open})
		next = max(next, idx+1)
	}
	if rows != nil {
		next = max(next, rows.next)
	}
	if len(d.Targets) == 0 && addTarget == 0 {
		addTarget = 1
	}
	for range addTarget {
		v.Targets = append(v.Targets, formTarget{Index: next, Place: declarations.LevelPolicy})
		next++
	}
	v.TargetCount = next
	next = 0
	for i, cm := range d.Commitments {
		idx := i
		if rows != nil && i < len(rows.commitments) {
			idx = rows.commitments[i]
		}
		v.Commitments = append(v.Commitments, formCommitment{Index: idx, Commitment: cm})
		next = max(next, idx+1)
	}
	for range addCommitment {
		v.Commitments = append(v.Commitments, formCommitment{Index: next})
		next++
	}
	v.CommitCount = next
	l, lg := s.localizer(c), lang(c)
	v.Kinds = []Choice{{Value: "", Label: translate(l, "declarations.target_none", nil)}}
	for _, k := range declarations.TargetKinds {
		v.Kinds = append(v.Kinds, Choice{Value: string(k), Label: translate(l, "declarations.kind_short."+string(k), nil)})
	}
	for _, r := range []string{"below_threshold", "all", "custom"} {
		key := "declarations.eligibility_" + r
		if r == "custom" {
			key = "declarations.eligibility_custom_choice"
		}
		v.Rules = append(v.Rules, Choice{Value: r, Label: translate(l, key, nil)})
	}
	for _, p := range []string{"gre_a_gre", "invitation", "public_call"} {
		v.Procedures = append(v.Procedures, Choice{Value: p, Label: translate(l, "declarations.procedure."+p, nil)})
	}
	v.Segments = []Choice{{Value: "", Label: "—"}}
	for _, sg := range s.names.Segments(lg) {
		v.Segments = append(v.Segments, Choice{Value: sg.Code, Label: sg.Name})
	}
	for _, st := range declarations.CommitmentStatuses {
		v.Statuses = append(v.Statuses, Choice{Value: string(st), Label: translate(l, "declarations.status."+string(st), nil)})
	}
	v.Territories = s.names.Territories()
	return v
}

// renderDeclForm shows the form, with the failure of a submission when there is one.
func (s *Server) renderDeclForm(c *fiber.Ctx, titleID string, v formView, failure error) error {
	if failure != nil {
		return s.renderInvalid(c, "declarations/form", titleID, v, failure)
	}
	return s.render(c, "declarations/form", titleID, v)
}

// wantsRow reports which "add a row" button sent the form ("target", "commitment"), if one did: the form comes
// back with one more empty row, nothing saved.
func wantsRow(c *fiber.Ctx) (target, commitment int) {
	switch c.FormValue("add") {
	case "target":
		return 1, 0
	case "commitment":
		return 0, 1
	}
	return 0, 0
}
