package web_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"maillage/app/accounts"
)

// The audit log reads as sentences with names, filters by person, kind, action and days, exports to CSV, and
// shows nothing of another body.
func TestAuditLogInSentences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.tenant("levis"), e.tenant("beta")
	acc := accounts.NewStore(e.DB.App)
	mathieu, err := acc.GrantTenantRole(context.Background(), a.ID, "mathieu@levis.example", "buyer")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DB.Owner.Exec(`UPDATE users SET name = 'Mathieu Acheteur' WHERE id = ?`, mathieu.ID).Error; err != nil {
		t.Fatal(err)
	}
	buyer := e.as(mathieu.ID)
	admin := e.member("admin@levis.example", &a, "tenant_admin")
	otherAdmin := e.member("admin@beta.example", &b, "tenant_admin")
	for _, name := range []string{"Coop Neige", "Coop Érable"} {
		neq := map[string]string{"Coop Neige": "1143456789", "Coop Érable": "2264567890"}[name]
		if r := buyer.postForm("/t/levis/fournisseurs", url.Values{"neq": {neq}, "legal_name": {name}, "legal_form": {"cooperative"}, "municipality": {"levis"}}); r.Status != 303 {
			t.Fatalf("create %s: %d", name, r.Status)
		}
	}
	if r := otherAdmin.postForm("/t/beta/fournisseurs", url.Values{"neq": {"3375678901"}, "legal_name": {"Secret Beta"}, "legal_form": {"cooperative"}, "municipality": {"levis"}}); r.Status != 303 {
		t.Fatalf("create in beta: %d", r.Status)
	}
	page := admin.get("/t/levis/admin/audit")
	t.Run("sentences with the person's and the object's names, no codes", func(t *testing.T) {
		for _, want := range []string{"Mathieu Acheteur a ajouté Coop Neige au registre", "Mathieu Acheteur a ajouté Coop Érable au registre",
			"Rôle\u00a0: — → Administration"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		visible := readableText(t, page.Body)
		for _, code := range []string{"supplier.create", "supplier", "Secret Beta", mathieu.ID.String(), "tenant_admin", "unknown"} {
			if strings.Contains(visible, code) {
				t.Errorf("audit page shows %q", code)
			}
		}
	})
	t.Run("filters", func(t *testing.T) {
		cases := []struct {
			query       string
			want, avoid string
		}{
			{"person=" + mathieu.ID.String(), "Coop Neige", ""},
			{"action=supplier.delete", "", "Coop Neige"},
			{"kind=supplier&action=supplier.create", "Coop Érable", ""},
			{"from=2000-01-01&to=2000-12-31", "", "Coop Neige"},
		}
		for _, c := range cases {
			r := admin.get("/t/levis/admin/audit?" + c.query)
			if r.Status != 200 || (c.want != "" && !strings.Contains(r.Body, c.want)) || (c.avoid != "" && strings.Contains(r.Body, c.avoid)) {
				t.Errorf("%s: %d, want %q, avoid %q", c.query, r.Status, c.want, c.avoid)
			}
		}
		r := admin.get("/t/levis/admin/audit?from=hier")
		formError(t, r, 422, []string{"from"}, map[string]string{"from": "hier"})
	})
	t.Run("CSV for auditors", func(t *testing.T) {
		r := admin.get("/t/levis/admin/audit.csv?kind=supplier")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("csv: %d %v", r.Status, r.Header)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0][1] != "Personne" || rows[1][1] != "Mathieu Acheteur" || rows[1][2] != "mathieu@levis.example" ||
			!strings.Contains(rows[1][3], "a ajouté") || rows[1][5] == "" {
			t.Fatalf("csv rows %q", rows)
		}
		if strings.Contains(r.Body, "Secret Beta") {
			t.Fatal("another body's record in the CSV")
		}
	})
	t.Run("who may read it", func(t *testing.T) {
		for _, c := range []struct {
			who    *client
			status int
		}{{buyer, 403}, {otherAdmin, 404}, {e.anon(), 303}} {
			if r := c.who.get("/t/levis/admin/audit.csv"); r.Status != c.status {
				t.Errorf("status %d, want %d", r.Status, c.status)
			}
		}
	})
}
