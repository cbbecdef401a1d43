package web_test

import (
	"strings"
	"testing"

	"maillage/app/catalogue"
)

// TestPersonalDataIsNotCached: API answers and signed-in pages say no-store (contacts, e-mails), error
// answers included; public pages are left to their own policy.
func TestPersonalDataIsNotCached(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("ville-cache")
	buyer := e.member("acheteur@ville-cache.example", &tn, "buyer")
	api := e.tokenClient(userID(t, e, "acheteur@ville-cache.example"))
	if r := api.sendJSON("POST", "/api/v1/t/ville-cache/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop", "legal_form": "other"}); r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	cases := []struct {
		name string
		cl   *client
		path string
		want string
	}{
		{"API list of a register", api, "/api/v1/t/ville-cache/suppliers", "no-store"},
		{"API problem", api, "/api/v1/t/ville-cache/suppliers/" + "00000000-0000-0000-0000-000000000000", "no-store"},
		{"API of one's own account", api, "/api/v1/me", "no-store"},
		{"signed-in page", buyer, "/t/ville-cache/fournisseurs", "no-store"},
		{"static file", e.anon(), "/static/css/app.css", "public, max-age=86400"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.get(c.path)
			if got := r.Header.Get("Cache-Control"); got != c.want {
				t.Fatalf("%s: %d Cache-Control %q, want %q", c.path, r.Status, got, c.want)
			}
		})
	}
}

// TestCatalogueHistoryHidesStewards: the versions of an entry show who made each change to stewards only;
// any other signed-in user sees what changed and when, not the steward's e-mail.
func TestCatalogueHistoryHidesStewards(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	steward := e.member("intendante@pole.example", nil, "catalogue_steward")
	ent := e.member("coop@exemple.example", nil, "enterprise")
	r := steward.sendJSON("POST", "/api/v1/catalogue", map[string]any{"neq": "1143456789", "name": "Coopérative de l’Estrie",
		"legal_form": "coop", "address": map[string]any{"municipality_code": "43027"}, "unspsc": []string{"72101500"}})
	if r.Status != 201 {
		t.Fatalf("create entry: %d %s", r.Status, r.Body)
	}
	var entry catalogue.Entry
	r.json(t, &entry)
	path := "/api/v1/catalogue/" + entry.ID + "/history"
	if r := steward.get(path); r.Status != 200 || !strings.Contains(r.Body, "intendante@pole.example") {
		t.Fatalf("steward: %d %s", r.Status, r.Body)
	}
	r = ent.get(path)
	if r.Status != 200 || strings.Contains(r.Body, "intendante@pole.example") || !strings.Contains(r.Body, `"version":1`) {
		t.Fatalf("another user: %d %s", r.Status, r.Body)
	}
}
