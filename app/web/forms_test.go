package web_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"maillage/app/web"
)

// Each form family answers bad input on the form itself (forms.go): summary linked to the fields, message
// next to each, aria-invalid, values kept, nothing written.
func TestFormErrorsAnswerOnTheForm(t *testing.T) {
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
