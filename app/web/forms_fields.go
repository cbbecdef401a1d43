package web

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FieldView is what the "field" partial draws: a label, an optional hint, the error message next to the
// field, and the control (input, textarea, select, one checkbox, or a group of checkboxes or radios).
type FieldView struct {
	Name, ID, Type     string
	Label, Hint, Error string
	HintID, ErrorID    string
	Value              string   // text-like controls
	Values             []string // checkboxes, radios, multiple select
	Checked            bool     // a single checkbox
	Choices            []Choice
	Required, Multiple bool
	Disabled, Refill   bool // Refill: a file input after a failed submission (browsers never keep files)
	Autocomplete       string
	Inputmode, Accept  string
	Min, Max, Step     string
	Maxlength          int
	Rows               int
	Class              string // extra class on the field's wrapper
	CheckboxValue      string
	L                  any // the page's localizer, for the partial's own words
}

// Choice is one option of a select or one box of a group.
type Choice struct {
	Value, Label string
	Hint         string
	Selected     bool
}

// DescribedBy lists the hint's and the error's ids for aria-describedby.
func (f FieldView) DescribedBy() string {
	switch {
	case f.HintID != "" && f.ErrorID != "":
		return f.HintID + " " + f.ErrorID
	case f.HintID != "":
		return f.HintID
	}
	return f.ErrorID
}

// ChoiceID is the element id of the i-th box of a group (the first carries the field's id, the summary's
// link target).
func (f FieldView) ChoiceID(i int) string {
	if i == 0 {
		return f.ID
	}
	return f.ID + "-" + strconv.Itoa(i)
}

// field builds a FieldView for the partial. value is the value to show (string, number, date, bool for a
// checkbox, []string for groups); after a failed submission the value typed takes its place. Options are
// name/value pairs: "type" (text by default; email, number, date, url, tel, search, password, file,
// textarea, select, checkbox, checkboxes, radios), "hint" (message ID) or "hint_text", "label_text" (an
// already translated label instead of labelKey), "required", "multiple", "disabled", "autocomplete",
// "inputmode", "accept", "min", "max", "step", "maxlength", "rows", "id", "class", "value" (a checkbox's
// value, "true" by default), "choices" ([]Choice, []string, or values with a MessageKey method), "blank"
// (a first empty option's message ID, "" for a dash), "error_for" (other field names, comma-separated, whose
// errors show at this field).
func field(p *Page, name, labelKey string, value any, opts ...any) (FieldView, error) {
	if len(opts)%2 != 0 {
		return FieldView{}, fmt.Errorf("field %s: options come in name/value pairs", name)
	}
	f := FieldView{Name: name, ID: fieldID(name), Type: "text", CheckboxValue: "on", L: p.L}
	if labelKey != "" {
		f.Label = translate(p.L, labelKey, nil)
	}
	var choices any
	var aliases []string
	blank, hasBlank := "", false
	for i := 0; i < len(opts); i += 2 {
		k, _ := opts[i].(string)
		v := opts[i+1]
		switch k {
		case "type":
			f.Type = fmt.Sprint(v)
		case "hint":
			f.Hint = translate(p.L, fmt.Sprint(v), nil)
		case "hint_text":
			f.Hint = fmt.Sprint(v)
		case "label_text":
			f.Label = fmt.Sprint(v)
		case "required":
			f.Required = truthy(v)
		case "multiple":
			f.Multiple = truthy(v)
		case "disabled":
			f.Disabled = truthy(v)
		case "autocomplete":
			f.Autocomplete = fmt.Sprint(v)
		case "inputmode":
			f.Inputmode = fmt.Sprint(v)
		case "accept":
			f.Accept = fmt.Sprint(v)
		case "min":
			f.Min = fmt.Sprint(v)
		case "max":
			f.Max = fmt.Sprint(v)
		case "step":
			f.Step = fmt.Sprint(v)
		case "maxlength":
			f.Maxlength, _ = strconv.Atoi(fmt.Sprint(v))
		case "rows":
			f.Rows, _ = strconv.Atoi(fmt.Sprint(v))
		case "id":
			f.ID = fieldID(fmt.Sprint(v))
		case "class":
			f.Class = fmt.Sprint(v)
		case "value":
			f.CheckboxValue = fmt.Sprint(v)
		case "error_for": // other names whose errors show at this field (an API field name, say)
			aliases = strings.Split(fmt.Sprint(v), ",")
		case "choices":
			choices = v
		case "blank":
			blank, hasBlank = fmt.Sprint(v), true
		default:
			return FieldView{}, fmt.Errorf("field %s: unknown option %q", name, k)
		}
	}
	if f.Hint != "" {
		f.HintID = f.ID + "-hint"
	}
	f.setValue(value)
	if p.Failure != nil && p.Failure.Values != nil {
		f.refill(p.Failure.Values)
	}
	if p.Failure != nil {
		for _, n := range append([]string{name}, aliases...) {
			if msg := p.Failure.MessageFor(n); msg != "" && f.Error == "" {
				f.Error, f.ErrorID = msg, f.ID+"-error"
			}
		}
	}
	var err error
	if f.Choices, err = toChoices(p, choices); err != nil {
		return FieldView{}, fmt.Errorf("field %s: %w", name, err)
	}
	if hasBlank {
		label := "—"
		if blank != "" {
			label = translate(p.L, blank, nil)
		}
		f.Choices = append([]Choice{{Value: "", Label: label}}, f.Choices...)
	}
	for i := range f.Choices {
		c := &f.Choices[i]
		c.Selected = c.Value == f.Value || slices.Contains(f.Values, c.Value)
	}
	if p.drawn == nil {
		p.drawn = map[string]drawnField{}
	}
	for _, n := range append([]string{name}, aliases...) {
		if _, seen := p.drawn[n]; !seen {
			p.drawn[n] = drawnField{label: f.Label, id: f.ID, order: len(p.drawn)}
		}
	}
	return f, nil
}

func (f *FieldView) setValue(value any) {
	switch v := value.(type) {
	case nil:
	case string:
		f.Value = v
	case *string:
		if v != nil {
			f.Value = *v
		}
	case bool:
		f.Checked = v
	case []string:
		f.Values = v
	case time.Time:
		if !v.IsZero() {
			f.Value = v.Format("2006-01-02")
		}
	case *time.Time:
		if v != nil && !v.IsZero() {
			f.Value = v.Format("2006-01-02")
		}
	case *int64:
		if v != nil {
			f.Value = strconv.FormatInt(*v, 10)
		}
	case *int:
		if v != nil {
			f.Value = strconv.Itoa(*v)
		}
	case fmt.Stringer:
		f.Value = v.String()
	default:
		rv := reflect.ValueOf(value)
		if rv.Kind() == reflect.Slice {
			for i := 0; i < rv.Len(); i++ {
				f.Values = append(f.Values, fmt.Sprint(rv.Index(i).Interface()))
			}
			return
		}
		f.Value = fmt.Sprint(value)
	}
	if f.Type == "select" && !f.Multiple && f.Value == "" && len(f.Values) == 1 {
		f.Value = f.Values[0]
	}
}

// refill puts back what was submitted. A box left unticked is absent from a submission, so boxes take the
// submission's word whenever the form was posted.
func (f *FieldView) refill(posted map[string][]string) {
	vs, present := posted[f.Name]
	switch f.Type {
	case "file":
		f.Refill = true
	case "password":
	case "checkbox":
		f.Checked = slices.Contains(vs, f.CheckboxValue)
	case "checkboxes":
		f.Values = vs
	case "radios":
		if present && len(vs) > 0 {
			f.Value = vs[0]
		}
	default:
		if !present {
			return
		}
		if f.Multiple {
			f.Values = vs
		} else if len(vs) > 0 {
			f.Value = vs[0]
		}
	}
}

// MessageKeyed is an enumeration value that names its own message (legal forms, states…).
type MessageKeyed interface{ MessageKey() string }

func toChoices(p *Page, v any) ([]Choice, error) {
	switch cs := v.(type) {
	case nil:
		return nil, nil
	case []Choice:
		return slices.Clone(cs), nil
	case []string:
		out := make([]Choice, len(cs))
		for i, s := range cs {
			out[i] = Choice{Value: s, Label: s}
		}
		return out, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("choices: want a slice, got %T", v)
	}
	out := make([]Choice, 0, rv.Len())
	for i := 0; i < rv.Len(); i++ {
		el := rv.Index(i).Interface()
		mk, ok := el.(MessageKeyed)
		if !ok {
			return nil, fmt.Errorf("choices: %T has no MessageKey", el)
		}
		out = append(out, Choice{Value: fmt.Sprint(el), Label: translate(p.L, mk.MessageKey(), nil)})
	}
	return out, nil
}

func truthy(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return b != "" && b != "false"
	case nil:
		return false
	}
	return true
}
