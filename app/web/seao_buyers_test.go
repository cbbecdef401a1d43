package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"maillage/tenants"
)

// TestSEAOBuyerIDsAreAnAdminSetting: only the body's admin declares its SEAO buyer ids; each is shown with
// the name SEAO gives it and a warning when that is not the body; an id another body declared is refused;
// each body sees its own.
func TestSEAOBuyerIDsAreAnAdminSetting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	levis, laval := e.tenant("levis"), e.tenant("laval")
	if err := e.DB.Owner.Exec(`UPDATE tenants SET name = 'Ville de Lévis' WHERE id = ?`, levis.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := e.DB.Owner.Exec(`INSERT INTO seao_buyers (buyer_id, name, locality) VALUES
		('OP-70289', 'Ville de Lévis', 'Lévis'), ('OP-11111', 'Ville de Québec', 'Québec')`).Error; err != nil {
		t.Fatal(err)
	}
	admin := e.member("admin@levis.example", &levis, "tenant_admin")
	buyer := e.member("acheteuse@levis.example", &levis, "buyer")
	other := e.member("admin@laval.example", &laval, "tenant_admin")
	page := "/t/levis/admin/acheteurs-seao"
	cases := []struct {
		name   string
		do     func() resp
		status int
		has    []string
	}{
		{"a buyer cannot open the setting", func() resp { return buyer.get(page) }, 403, nil},
		{"a buyer cannot change it by form", func() resp { return buyer.postForm(page, url.Values{"buyer_ids": {"OP-70289"}}) }, 403, nil},
		{"nor by the API", func() resp {
			return buyer.sendJSON("PUT", "/api/v1/t/levis/seao-buyers", map[string]any{"buyer_ids": []string{"OP-70289"}})
		}, 403, nil},
		{"nor through the SEAO upload page any more", func() resp {
			buyer.postForm("/t/levis/contracts/seao", url.Values{"buyers": {"OP-70289"}})
			return buyer.get("/api/v1/t/levis/seao-buyers")
		}, 200, []string{`"items":[]`}},
		{"a malformed id is a field error, the text kept", func() resp { return admin.postForm(page, url.Values{"buyer_ids": {"OP-70289, 70289x"}}) }, 422,
			[]string{"OP-70289, 70289x", "OP-70289"}},
		{"the admin declares the body's ids", func() resp { return admin.postForm(page, url.Values{"buyer_ids": {"op-70289, OP-11111"}}) }, 303, nil},
		{"each id with SEAO's name; the wrong one flagged", func() resp { return admin.get(page) }, 200,
			[]string{"Ville de Lévis (Lévis)", "Correspond à votre organisme.", "Ville de Québec (Québec)", "ne correspond pas à Ville de Lévis"}},
		{"the buyers' SEAO page shows them read-only, with the warning", func() resp { return buyer.get("/t/levis/contracts/seao") }, 200,
			[]string{"OP-70289 — Ville de Lévis", "ne correspond pas à Ville de Lévis", "Administration → Acheteur SEAO"}},
		{"the API tells the same", func() resp { return buyer.get("/api/v1/t/levis/seao-buyers") }, 200,
			[]string{`"buyer_id":"OP-11111","seao_name":"Ville de Québec","seao_locality":"Québec","matches":false,"known":true`,
				`"buyer_id":"OP-70289","seao_name":"Ville de Lévis","seao_locality":"Lévis","matches":true`}},
		{"another body cannot take an id already declared", func() resp {
			return other.sendJSON("PUT", "/api/v1/t/laval/seao-buyers", map[string]any{"buyer_ids": []string{"OP-70289"}})
		}, 409, []string{"contracts.seao_buyer_taken"}},
		{"nor by its page", func() resp {
			return other.postForm("/t/laval/admin/acheteurs-seao", url.Values{"buyer_ids": {"OP-11111"}})
		}, 409,
			[]string{"déjà déclaré par un autre organisme"}},
		{"and sees only its own ids", func() resp { return other.get("/api/v1/t/laval/seao-buyers") }, 200, []string{`"items":[]`}},
		{"another body's admin cannot reach this body's setting", func() resp { return other.get(page) }, 404, nil},
		{"the admin can withdraw an id", func() resp {
			return admin.sendJSON("PUT", "/api/v1/t/levis/seao-buyers", map[string]any{"buyer_ids": []string{"OP-70289"}})
		}, 200, []string{`"buyer_id":"OP-70289"`}},
		{"which another body may then declare", func() resp {
			return other.sendJSON("PUT", "/api/v1/t/laval/seao-buyers", map[string]any{"buyer_ids": []string{"OP-11111"}})
		}, 200, []string{`"buyer_id":"OP-11111"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.do()
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.500s", r.Status, tc.status, r.Body)
			}
			for _, h := range tc.has {
				if !strings.Contains(r.Body, h) {
					t.Errorf("body lacks %q: %.3000s", h, r.Body)
				}
			}
		})
	}
	var audited int64
	err := tenants.ReadTx(context.Background(), e.DB.App, levis.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT count(*) FROM audit_log WHERE action = 'seao_buyers.set'`).Scan(&audited).Error
	})
	if err != nil || audited != 2 {
		t.Fatalf("%d audited changes (%v), want 2", audited, err)
	}
}
