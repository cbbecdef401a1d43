package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"maillage/app/web"
)

// Each form family answers bad input on the form itself (forms.go): summary linked to the fields, message
// next to each, aria-invalid, values kept, nothing written.
func TestFormErrorsAnswerOnTheForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	created := buyer.postForm("/t/levis/fournisseurs", url.Values{"neq": {"1143456789"}, "legal_name": {"Coop Neige"},
		"legal_form": {"cooperative"}, "municipality": {"levis"}})
	if created.Status != 303 {
		t.Fatalf("create: %d %.400s", created.Status, created.Body)
	}
	supplierID := strings.TrimPrefix(created.Header.Get("Location"), "/t/levis/fournisseurs/")

	cases := []struct {
		name   string
		post   func() resp
		status int
		fields []string
		kept   map[string]string
	}{
		{"supplier form: unknown municipality, typed values back", func() resp {
			return buyer.postForm("/t/levis/fournisseurs", url.Values{"neq": {"11434"}, "legal_name": {"Coop Glace"},
				"legal_form": {"cooperative"}, "municipality": {"Gotham"}, "regions_served": {"03"}, "adapted": {"on"}})
		}, 422, []string{"neq", "municipality"}, map[string]string{"legal_name": "Coop Glace", "municipality": "Gotham",
			"legal_form": "cooperative", "adapted": "checked", "neq": "11434"}},
		{"register bulk action with nothing ticked", func() resp {
			return buyer.postForm("/t/levis/fournisseurs/lot?q=neige", url.Values{"action": {"suspend"}, "reason": {"dossier incomplet"}})
		}, 422, []string{"ids"}, map[string]string{"action": "suspend", "reason": "dossier incomplet", "q": "neige"}},
		{"register bulk action without an action", func() resp {
			return buyer.postForm("/t/levis/fournisseurs/lot", url.Values{"ids": {supplierID}, "action": {""}})
		}, 422, []string{"action"}, map[string]string{"sel-" + supplierID: "checked"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			formError(t, c.post(), c.status, c.fields, c.kept)
		})
	}
	t.Run("nothing was written", func(t *testing.T) {
		var list struct {
			Items []struct{ Status string } `json:"items"`
		}
		buyer.get("/api/v1/t/levis/suppliers").json(t, &list)
		if len(list.Items) != 1 || list.Items[0].Status != "approved" {
			t.Fatalf("register changed: %+v", list.Items)
		}
	})
	t.Run("a bulk action that works says so on the next page", func(t *testing.T) {
		r := buyer.postForm("/t/levis/fournisseurs/lot", url.Values{"ids": {supplierID}, "action": {"suspend"}, "reason": {"assurance échue"}})
		if r.Status != 303 {
			t.Fatalf("bulk: %d %.400s", r.Status, r.Body)
		}
		page := buyer.get(r.Header.Get("Location"))
		if !strings.Contains(page.Body, "Action appliquée à 1 fournisseur.") {
			t.Fatalf("no confirmation: %.2000s", page.Body)
		}
		if again := buyer.get(r.Header.Get("Location")); strings.Contains(again.Body, "Action appliquée") {
			t.Fatal("the confirmation shows twice")
		}
	})
}

// Counts choose the plural form by the language's rules (French: 0 and 1 singular; English: 1 only).
func TestPluralsFollowTheLanguage(t *testing.T) {
	t.Parallel()
	msgs, err := web.NewMessages()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang  string
		count any
		want  string
	}{
		{"fr", 0, "Action appliquée à 0 fournisseur."},
		{"fr", 1, "Action appliquée à 1 fournisseur."},
		{"fr", int64(2), "Action appliquée à 2 fournisseurs."},
		{"fr", float64(3), "Action appliquée à 3 fournisseurs."}, // a count that went through JSON
		{"en", 0, "Action applied to 0 suppliers."},
		{"en", 1, "Action applied to 1 supplier."},
		{"en", 2, "Action applied to 2 suppliers."},
	}
	for _, c := range cases {
		t.Run(c.lang+" "+strings.TrimSpace(c.want), func(t *testing.T) {
			if got := msgs.Message(c.lang, "suppliers.bulk_done", map[string]any{"Count": c.count}); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
	t.Run("a message without plural forms still takes a count", func(t *testing.T) {
		got := msgs.Message("fr", "catalogue.pull.done", map[string]any{"Count": 1})
		if !strings.Contains(got, "1") || strings.Contains(got, "catalogue.pull") {
			t.Fatalf("got %q", got)
		}
	})
}

// The summary lists the problems in the order of the form's fields, not the order the checks ran in.
func TestErrorSummaryFollowsTheForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	r := buyer.postForm("/t/levis/fournisseurs", url.Values{"legal_name": {"Coop"}, "municipality": {"Gotham"}, "website": {"pas une adresse"}})
	d := formError(t, r, 422, []string{"neq", "municipality"}, nil)
	var order []string
	for _, a := range d.all(func(n *html.Node) bool { return n.Data == "a" }) {
		if href, _ := attr(a, "href"); strings.HasPrefix(href, "#") && href != "#main" {
			order = append(order, href)
		}
	}
	pos := map[string]int{}
	for i, n := range d.all(func(n *html.Node) bool { _, ok := attr(n, "id"); return ok }) {
		id, _ := attr(n, "id")
		pos["#"+id] = i
	}
	if len(order) < 3 {
		t.Fatalf("summary links %v, want at least three", order)
	}
	for i := 1; i < len(order); i++ {
		if pos[order[i-1]] > pos[order[i]] {
			t.Fatalf("summary order %v does not follow the form", order)
		}
	}
}

// The dead ends seen in the field, each answered on its own form now.
func TestFormFamiliesNoDeadEnds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("levis")
	refs := seedCatalogue(t, e, 40)
	admin := e.member("admin@levis.example", &a, "tenant_admin")
	buyer := e.member("acheteuse@levis.example", &a, "buyer")
	ent := e.member("marie@coop.example", nil, "enterprise")
	steward := e.member("pole@province.example", nil, "catalogue_steward")
	velo := refs["A15"] // has a NEQ

	// An application waiting for review, for the information request.
	if r := ent.postForm("/entreprise/profil", url.Values{"neq": {"1143456789"}, "legal_name": {"Coop Neige"}, "legal_form": {"cooperative"},
		"municipality": {"levis"}}); r.Status != 303 {
		t.Fatalf("profile: %d %.300s", r.Status, r.Body)
	}
	if r := ent.postForm("/t/levis/inscription", nil); r.Status != 303 {
		t.Fatalf("apply: %d %.300s", r.Status, r.Body)
	}
	var q struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	buyer.get("/api/v1/t/levis/applications").json(t, &q)
	if len(q.Items) != 1 {
		t.Fatalf("queue: %+v", q)
	}
	appPath := "/t/levis/candidatures/" + q.Items[0].ID
	var sup struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	buyer.get("/api/v1/t/levis/suppliers").json(t, &sup)
	exe, ct := multipartBody(t, "facture.pdf", []byte("MZ\x90\x00 not a pdf at all"), map[string]string{"type": "insurance", "expires_on": "2099-01-01"})

	cases := []struct {
		name   string
		post   func() resp
		status int
		fields []string
		kept   map[string]string
	}{
		{"information request without a message", func() resp {
			return buyer.postForm(appPath, url.Values{"action": {"request_info"}, "message": {"  "}})
		}, 422, []string{"message"}, nil},
		{"a wrong file type, on the supplier's page", func() resp {
			return buyer.do("POST", "/t/levis/fournisseurs/"+sup.Items[0].ID+"/documents", exe, ct)
		}, 415, []string{"file"}, map[string]string{"expires_on": "2099-01-01"}},
		{"an empty contract form names each missing field", func() resp {
			return buyer.postForm("/t/levis/contracts", url.Values{"nature": {"goods"}, "procedure": {"gre_a_gre"}, "awarded_on": {""}})
		}, 422, []string{"supplier_name", "object", "awarded", "awarded_on"}, map[string]string{"nature": "goods"}},
		{"an unreadable amount is kept as typed", func() resp {
			return buyer.postForm("/t/levis/contracts", url.Values{"supplier_name": {"Coop"}, "object": {"Déneigement"}, "nature": {"services"},
				"procedure": {"gre_a_gre"}, "awarded": {"12,5x"}, "awarded_on": {"2026-01-15"}})
		}, 422, []string{"awarded"}, map[string]string{"awarded": "12,5x", "object": "Déneigement", "nature": "services"}},
		{"a declaration whose chosen targets have no value names them", func() resp {
			return admin.postForm("/t/levis/declarations", url.Values{"period_start": {"2027-01-01"}, "period_end": {"2027-12-31"}, "text_fr": {"Texte"},
				"eligibility_rule": {"all"}, "target_count": {"3"}, "target_0_kind": {"ees_amount"}, "target_1_kind": {"ees_share"}, "target_1_value": {"15"},
				"target_2_kind": {"distinct_ees"}, "commitment_count": {"0"}})
		}, 422, []string{"target_0_value", "target_2_value"}, map[string]string{"target_1_value": "15", "target_0_kind": "ees_amount"}},
		{"a claim with an empty NEQ", func() resp {
			return ent.postForm("/catalogue/"+velo.ID+"/claim", url.Values{"neq": {""}, "message": {"C'est nous"}})
		}, 422, []string{"neq"}, map[string]string{"message": "C'est nous"}},
		{"a merge with no entry chosen among the search's results", func() resp {
			return steward.postForm("/catalogue/"+refs["A14"].ID+"/merge", url.Values{"fusion": {"Vélo"}})
		}, 422, []string{"into"}, map[string]string{"fusion-q": "Vélo"}},
		{"a pull with nothing ticked", func() resp {
			return buyer.postForm("/t/levis/catalogue/pull?q=velo", nil)
		}, 422, nil, map[string]string{"q": "velo"}},
		{"an invitation to a bad address", func() resp {
			return admin.postForm("/t/levis/admin/members", url.Values{"email": {"pas une adresse"}, "role": {"official"}})
		}, 422, []string{"email"}, map[string]string{"email": "pas une adresse", "role": "official"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			formError(t, c.post(), c.status, c.fields, c.kept)
		})
	}
	t.Run("the declaration form adds a target row on demand, keeping what was typed", func(t *testing.T) {
		r := admin.postForm("/t/levis/declarations", url.Values{"period_start": {"2027-01-01"}, "period_end": {"2027-12-31"}, "text_fr": {"Mon texte"},
			"eligibility_rule": {"all"}, "target_count": {"1"}, "target_0_kind": {"ees_amount"}, "target_0_value": {"250 000"}, "add": {"target"}})
		if r.Status != 200 || !strings.Contains(r.Body, `name="target_1_kind"`) || !strings.Contains(r.Body, `value="250 000"`) ||
			strings.Contains(r.Body, "error-summary") {
			t.Fatalf("add a row: %d %.500s", r.Status, r.Body)
		}
		if list := admin.get("/api/v1/t/levis/declarations"); strings.Contains(list.Body, "Mon texte") {
			t.Fatal("adding a row saved the declaration")
		}
	})
}

// French typography stays in French: English messages never put a space before ":" or use « », and the
// French messages of these pages keep a non-breaking space before ":", ";", "?", "!" and "»".
func TestFrenchSpacingOnlyInFrench(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../frontend/locales/*.toml")
	if err != nil || len(files) < 20 {
		t.Fatalf("locale files: %v %d", err, len(files))
	}
	frenchChecked := map[string]bool{"forms": true, "landing": true, "audit": true, "applications": true, "contracts": true,
		"suppliers": true, "declarations": true, "core": true}
	spaceBefore := regexp.MustCompile(`[ \x{00a0}\x{202f}][:;!?](\s|"|$)`)
	plainBefore := regexp.MustCompile(`[^\s\x{00a0}\x{202f}{] [:;!?»](\s|"|$)`)
	for _, f := range files {
		base := filepath.Base(f)
		area, lang, _ := strings.Cut(strings.TrimSuffix(base, ".toml"), ".")
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, ln := range strings.Split(string(raw), "\n") {
			key, val, ok := strings.Cut(ln, " = ")
			if !ok || !strings.HasPrefix(key, `"`) {
				continue
			}
			switch {
			case lang == "en" && (spaceBefore.MatchString(val) || strings.ContainsAny(val, "«»")):
				t.Errorf("%s:%d: French spacing or quotes in English: %s", base, i+1, key)
			case lang == "fr" && frenchChecked[area] && plainBefore.MatchString(val):
				t.Errorf("%s:%d: a breakable space before French punctuation: %s", base, i+1, key)
			}
		}
	}
}
