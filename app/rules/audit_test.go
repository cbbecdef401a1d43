package rules

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// auditEntry is one value of the December 2026 legal audit (testdata/legal_values_audit_2026-12.json,
// copied from the project's shared data with its sources).
type auditEntry struct {
	Key        string  `json:"key"`
	Body       string  `json:"body"`
	Nature     string  `json:"nature"`
	From       *string `json:"from"`
	To         string  `json:"to"`
	Cents      *int64  `json:"cents"`
	Value      any     `json:"value"`
	Citation   string  `json:"citation"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence"`
}

var auditBody = map[string]string{"ministere": "ministry", "education": "education", "sante": "health"}
var auditNature = map[string]string{"biens": "goods", "services": "services", "construction": "construction"}

// confirmedOf is the flag a confidence gives: confirmed, and nothing in it says otherwise.
func confirmedOf(confidence string) bool {
	c := strings.ToLower(confidence)
	if !strings.Contains(c, "confirmed") {
		return false
	}
	for _, w := range []string{"probable", "not found", "uncertain", "unverified"} {
		if strings.Contains(c, w) {
			return false
		}
	}
	return true
}

// articles are the article and paragraph numbers a citation names.
var articles = regexp.MustCompile(`\b\d+(\.\d+)+\b|\b\d{2,3}\b`)

// TestDefaultsCarryTheAudit: every value of the audit is shipped, over exactly its period (split in
// versions only where its confidence differs by period), with its amount, its articles, its source and
// a confirmed flag that matches its confidence.
func TestDefaultsCarryTheAudit(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/legal_values_audit_2026-12.json")
	if err != nil {
		t.Fatal(err)
	}
	var audit struct {
		Values []auditEntry `json:"values"`
	}
	if err := json.Unmarshal(b, &audit); err != nil {
		t.Fatal(err)
	}
	if len(audit.Values) < 30 {
		t.Fatalf("only %d audit values", len(audit.Values))
	}
	ref := mustDefaults(t)
	for _, e := range audit.Values {
		for _, key := range auditKeys(e) {
			name := key
			if e.From != nil {
				name += "/" + *e.From
			}
			t.Run(name, func(t *testing.T) {
				vs := versionsWithin(ref, key, e)
				if len(vs) == 0 {
					t.Fatalf("not shipped")
				}
				parts := strings.Split(e.Confidence, "; ")
				cited := ""
				for i, v := range vs {
					if i > 0 && !v.From.Equal(vs[i-1].To.AddDate(0, 0, 1)) {
						t.Errorf("gap or overlap before %s", v.Version)
					}
					want := auditCents(e, key)
					if want != nil && int64(v.Cents) != *want {
						t.Errorf("%s: %d cents, want %d", v.Version, v.Cents, *want)
					}
					if v.Confidence != e.Confidence && !slices.Contains(parts, v.Confidence) {
						t.Errorf("%s: confidence %q is not the audit's %q", v.Version, v.Confidence, e.Confidence)
					}
					if v.Confirmed != confirmedOf(v.Confidence) {
						t.Errorf("%s: confirmed = %v for %q", v.Version, v.Confirmed, v.Confidence)
					}
					if v.Source == "" || (e.Source != "" && v.Source != e.Source) {
						t.Errorf("%s: source %q, audit %q", v.Version, v.Source, e.Source)
					}
					cited += " " + v.Citation
				}
				if e.From != nil && vs[0].From.Format("2006-01-02") != *e.From {
					t.Errorf("starts %s, audit %s", vs[0].From.Format("2006-01-02"), *e.From)
				}
				if last := vs[len(vs)-1]; (e.To == "") != last.To.IsZero() || (e.To != "" && last.To.Format("2006-01-02") != e.To) {
					t.Errorf("ends %v, audit %q", last.To, e.To)
				}
				for _, a := range articles.FindAllString(e.Citation, -1) {
					if !strings.Contains(cited, a) {
						t.Errorf("citation lacks %q of %q: %s", a, e.Citation, cited)
					}
				}
			})
		}
	}
}

// auditKeys are the shipped keys of one audit value: LCOP thresholds by kind of body and nature, the
// yearly list's three parts, otherwise the audit's own key.
func auditKeys(e auditEntry) []string {
	switch {
	case e.Key == "lcop_tender_threshold":
		var keys []string
		for _, b := range strings.Split(e.Body, "|") {
			for _, n := range strings.Split(e.Nature, "|") {
				keys = append(keys, "lcop_tender_threshold_"+auditBody[b]+"_"+auditNature[n])
			}
		}
		return keys
	case e.Key == "muni_yearly_list":
		return []string{"muni_yearly_list_contract_floor", "muni_yearly_list_supplier_total", "muni_yearly_list_deadline"}
	}
	return []string{e.Key}
}

func auditCents(e auditEntry, key string) *int64 {
	if m, ok := e.Value.(map[string]any); ok {
		field := map[string]string{"muni_yearly_list_contract_floor": "contract_floor_exclusive_cents",
			"muni_yearly_list_supplier_total": "supplier_total_exclusive_cents"}[key]
		if f, ok := m[field].(float64); ok {
			n := int64(f)
			return &n
		}
		return nil
	}
	return e.Cents
}

// versionsWithin are the shipped versions of key inside the audit value's period, by start.
func versionsWithin(ref Reference, key string, e auditEntry) []LegalValue {
	var out []LegalValue
	for _, v := range ref.Values {
		if v.Key != key {
			continue
		}
		if e.From != nil && v.From.Format("2006-01-02") < *e.From {
			continue
		}
		if e.To != "" && v.From.Format("2006-01-02") > e.To {
			continue
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b LegalValue) int { return a.From.Compare(b.From) })
	if e.From == nil && len(out) > 1 {
		out = out[:1]
	}
	return out
}
