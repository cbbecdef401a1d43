package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"maillage/app/catalogue"
)

// directoriesFixture is what app/catalogue/testdata/gen_directories.py says of its files.
type directoriesFixture struct {
	PoleErrorLines  []int             `json:"pole_error_lines"`
	PoleRepeatLines []int             `json:"pole_repeat_lines"`
	PoleCoopLines   []int             `json:"pole_coop_lines"`
	REQMatches      map[string]string `json:"req_matches"`
}

// importPlan is the part of the import report an API client reads.
type importPlan struct {
	ID      string            `json:"id"`
	Version int               `json:"version"`
	Mapping map[string]string `json:"mapping"`
	Report  struct {
		Rows []struct {
			Line       int    `json:"line"`
			Status     string `json:"status"`
			MatchedBy  string `json:"matched_by"`
			MatchID    string `json:"match_id"`
			Candidates []struct {
				EntryID string `json:"entry_id"`
				Line    int    `json:"line"`
			} `json:"candidates"`
			Errors []struct {
				Column  string `json:"column"`
				Message string `json:"message"`
			} `json:"errors"`
		} `json:"rows"`
	} `json:"report"`
}

// skipsFor answers every line the report marks error or possible_duplicate with "skip", as the
// acceptance does.
func (p importPlan) skipsFor() map[string]any {
	d := map[string]string{}
	for _, r := range p.Report.Rows {
		if r.Status == "error" || r.Status == "possible_duplicate" {
			d[strconv.Itoa(r.Line)] = "skip"
		}
	}
	return map[string]any{"decisions": d}
}

func (p importPlan) count(status string) int {
	n := 0
	for _, r := range p.Report.Rows {
		if r.Status == status {
			n++
		}
	}
	return n
}

// A pôle's directory of 373 rows and a Registraire extract of the same region go through the API
// as delivered (no mapping sent): every row that needs one gets "skip", the rest is applied; both
// imported again change nothing; the extract completes the pôle's entries; buyers find them.
func TestDirectoriesThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seedCatalogue(t, e, 60)
	st := e.stewardClient("pole@mauricie.test", nil)
	var fx directoriesFixture
	raw, err := os.ReadFile("../catalogue/testdata/directories_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	upload := func(t *testing.T, file, source string) importPlan {
		t.Helper()
		content, err := os.ReadFile("../catalogue/testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", file)
		fw.Write(content)
		w.WriteField("source", source)
		w.Close()
		r := st.do("POST", "/api/v1/catalogue/imports", &buf, w.FormDataContentType())
		if r.Status != 201 {
			t.Fatalf("upload %s: %d %s", file, r.Status, r.Body)
		}
		var p importPlan
		r.json(t, &p)
		return p
	}
	apply := func(t *testing.T, p importPlan) catalogue.ImportResult {
		t.Helper()
		r := st.sendJSON("POST", "/api/v1/catalogue/imports/"+p.ID+"/apply", p.skipsFor())
		if r.Status != 200 {
			t.Fatalf("apply: %d %s", r.Status, r.Body)
		}
		var res catalogue.ImportResult
		r.json(t, &res)
		return res
	}
	const pole, req = "Pôle d'économie sociale de la Mauricie", "Registraire des entreprises"

	p := upload(t, "pole_mauricie.csv", pole)
	t.Run("the pôle's directory plans as delivered", func(t *testing.T) {
		if len(p.Report.Rows) != 373 || p.Mapping["NomEntreprise"] != "name" || p.Mapping["Territoire"] != "territory" {
			t.Fatalf("%d rows, mapping %v", len(p.Report.Rows), p.Mapping)
		}
		if ok := 373 - p.count("error") - p.count("possible_duplicate"); ok < 364 {
			t.Errorf("%d rows plan without error, want at least 364", ok)
		}
		for _, r := range p.Report.Rows {
			if r.Line == fx.PoleCoopLines[1] && (r.Status != "possible_duplicate" || len(r.Candidates) == 0 || r.Candidates[0].Line != fx.PoleCoopLines[0]) {
				t.Errorf("the co-op's second spelling (line %d): %s %+v", r.Line, r.Status, r.Candidates)
			}
			for _, e := range r.Errors {
				if e.Column == "" || e.Message == "" || strings.Contains(e.Message, "catalogue.") {
					t.Errorf("line %d: error %+v", r.Line, e)
				}
			}
		}
	})
	res := apply(t, p)
	if res.Created+res.Updated < 364 { // a few of the pôle's enterprises are already demo anchors: updated
		t.Fatalf("pôle applied: %+v", res)
	}
	t.Run("the same directory again changes nothing", func(t *testing.T) {
		again := upload(t, "pole_mauricie.csv", pole)
		if res := apply(t, again); res.Created+res.Updated != 0 {
			t.Errorf("%+v", res)
		}
	})

	x := upload(t, "req_mauricie.csv", req)
	t.Run("the Registraire's extract plans as delivered", func(t *testing.T) {
		if ok := float64(len(x.Report.Rows)-x.count("error")) / float64(len(x.Report.Rows)); ok < 0.95 {
			t.Errorf("%.3f of the extract plans without error", ok)
		}
		recognised := 0
		for _, r := range x.Report.Rows {
			if _, isPole := fx.REQMatches[strconv.Itoa(r.Line)]; isPole && r.Status == "update" && r.MatchedBy == "name" {
				recognised++
			}
		}
		if recognised < 150 {
			t.Errorf("%d rows recognised as pôle entries, want 150+", recognised)
		}
	})
	res = apply(t, x)
	if res.Updated < 150 {
		t.Fatalf("extract applied: %+v", res)
	}
	t.Run("a pôle entry completed by the extract", func(t *testing.T) {
		name := fx.REQMatches[strconv.Itoa(firstLine(fx.REQMatches))]
		r := st.get("/api/v1/catalogue?per_page=50&q=" + url.QueryEscape(name))
		var found searchBody
		r.json(t, &found)
		completed := 0
		for _, it := range found.Items {
			if it.Name != name { // homonyms in other towns are other enterprises
				continue
			}
			var full catalogue.Entry
			st.get("/api/v1/catalogue/"+it.ID).json(t, &full)
			if full.NEQ != "" && full.LegalForm != "" && full.FormEvidence.Kind == catalogue.FormFromREQ && full.EES.Trust == catalogue.TrustUnknown {
				completed++
			}
		}
		if completed != 1 {
			t.Errorf("%q: %d entries completed by the extract, want 1 (keeping the pôle's spelling): %s", name, completed, r.Body)
		}
	})
	t.Run("the same extract again changes nothing", func(t *testing.T) {
		again := upload(t, "req_mauricie.csv", req)
		if res := apply(t, again); res.Created+res.Updated != 0 {
			t.Errorf("%+v", res)
		}
	})
	t.Run("buyers find these enterprises", func(t *testing.T) {
		for q, want := range map[string]string{
			"popote roulante louiseville":          "Popote roulante de Louiseville",
			"coop sante saint-tite":                "Coopérative de solidarité santé de Saint-Tite",
			"maison des jeunes la tuque":           "Maison des jeunes de La Tuque",
			"aide domestique shawinigan":           "Service d'aide domestique de Shawinigan",
			"carrefour jeunesse emploi yamachiche": "Carrefour jeunesse-emploi Yamachiche",
			"marche public trois-rivieres":         "Marché public de Trois-Rivières",
		} {
			r := st.get("/api/v1/catalogue?per_page=10&q=" + url.QueryEscape(q))
			var found searchBody
			r.json(t, &found)
			ok := false
			for _, it := range found.Items {
				ok = ok || it.Name == want
			}
			if !ok {
				t.Errorf("%q: %q not in the first ten", q, want)
			}
		}
	})
}

func firstLine(m map[string]string) int {
	first := 0
	for k := range m {
		if n, _ := strconv.Atoi(k); first == 0 || n < first {
			first = n
		}
	}
	return first
}
