package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestBadInputNeverReachesAWrite: each case the outside trial reproduced, through the API as a buyer or
// an admin would send it. Each is refused with a 4xx naming the field, and nothing is stored.
func TestBadInputNeverReachesAWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tn := e.tenant("ville-bad")
	admin := e.member("admin@ville-bad.example", &tn, "tenant_admin")
	steward := e.member("steward@maillage.example", nil, "catalogue_steward")
	base := "/api/v1/t/ville-bad"
	created := admin.sendJSON("POST", base+"/suppliers", map[string]any{"neq": "1143456789", "legal_name": "Coop Neige",
		"legal_form": "cooperative", "municipality_code": "25213", "quebec_establishment": true})
	if created.Status != 201 {
		t.Fatalf("create supplier: %d %s", created.Status, created.Body)
	}
	var sup struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	created.json(t, &sup)
	one := base + "/suppliers/" + sup.ID
	long := func(n int) string { return strings.Repeat("é", n) }

	cases := []struct {
		name   string
		cl     *client
		method string
		path   string
		body   any
		status int
		has    []string
	}{
		{"contact dated year 0", admin, "POST", base + "/contacts", map[string]any{"date": "0000-01-01", "kind": "meeting", "enterprise_name": "Coop"},
			422, []string{`"field":"date"`, "input.date_out_of_range"}},
		{"contact with an impossible date", admin, "POST", base + "/contacts", map[string]any{"date": "2026-02-30", "kind": "meeting", "enterprise_name": "Coop"},
			422, []string{`"field":"date"`, "input.date_invalid"}},
		{"contact name of 1 MB", admin, "POST", base + "/contacts", map[string]any{"date": "2026-03-01", "kind": "meeting", "enterprise_name": long(1 << 20)},
			422, []string{`"field":"enterprise_name"`, "input.too_long"}},
		{"contact name over its column's limit", admin, "POST", base + "/contacts", map[string]any{"date": "2026-03-01", "kind": "meeting", "enterprise_name": long(301)},
			422, []string{`"field":"enterprise_name"`, "300"}},
		{"declaration text of 1 MB", admin, "POST", base + "/declarations", map[string]any{"period_start": "2027-01-01", "period_end": "2027-12-31",
			"text_fr": long(1 << 20), "eligibility": map[string]any{"rule": "all"}}, 422, []string{`"field":"text_fr"`, "input.too_long"}},
		{"declaration over its column's limit", admin, "POST", base + "/declarations", map[string]any{"period_start": "2027-01-01", "period_end": "2027-12-31",
			"text_fr": long(50_000) + "x", "eligibility": map[string]any{"rule": "all"}}, 422, []string{`"field":"text_fr"`}},
		{"status reason of 1 MB", admin, "POST", one + "/status", map[string]any{"action": "suspend", "reason": long(1 << 20)},
			422, []string{`"field":"reason"`, "input.too_long"}},
		{"status reason over its column's limit", admin, "POST", one + "/status", map[string]any{"action": "suspend", "reason": long(5001)},
			422, []string{"5000"}},
		{"contract without amount", admin, "POST", base + "/contracts", map[string]any{"supplier_name": "Coop", "object": "Déneigement",
			"nature": "services", "procedure": "gre_a_gre", "awarded_on": "2026-03-01T00:00:00Z"}, 422, []string{`"field":"awarded_cents"`}},
		{"contract with a null amount", admin, "POST", base + "/contracts", map[string]any{"supplier_name": "Coop", "object": "Déneigement",
			"nature": "services", "procedure": "gre_a_gre", "awarded_on": "2026-03-01T00:00:00Z", "awarded_cents": nil}, 422, []string{`"field":"awarded_cents"`}},
		{"progress as of a date that is not one", admin, "GET", base + "/progress?as_of=9999-99-99", nil, 422, []string{`"field":"as_of"`}},
		{"contacts from a date that is not one", admin, "GET", base + "/contacts?from=2026-13-01", nil, 422, []string{`"field":"from"`}},
		{"PATCH without version", admin, "PATCH", one, map[string]any{"legal_name": "Coop Neige modifiée"}, 428, []string{"errors.version_required"}},
		{"PATCH with a null version", admin, "PATCH", one, map[string]any{"legal_name": "Coop Neige modifiée", "version": nil}, 428, nil},
		{"PATCH with a stale version", admin, "PATCH", one, map[string]any{"legal_name": "Coop Neige modifiée", "version": sup.Version + 7}, 409, nil},
		{"unknown catalogue import", steward, "POST", "/api/v1/catalogue/imports/" + uuid.NewString() + "/apply", map[string]any{}, 404, nil},
		{"catalogue import id that is not an id", steward, "POST", "/api/v1/catalogue/imports/12345/apply", map[string]any{}, 404, nil},
		{"catalogue import page for an unknown id", steward, "GET", "/catalogue/imports/" + uuid.NewString(), nil, 404, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r resp
			if tc.body == nil {
				r = tc.cl.do(tc.method, tc.path, nil, "")
			} else {
				r = tc.cl.sendJSON(tc.method, tc.path, tc.body)
			}
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.400s", r.Status, tc.status, r.Body)
			}
			for _, h := range tc.has {
				if !strings.Contains(r.Body, h) {
					t.Errorf("body lacks %q: %.400s", h, r.Body)
				}
			}
		})
	}
	t.Run("nothing was stored", func(t *testing.T) {
		var n int64
		for _, q := range []string{`SELECT count(*) FROM contact_log`, `SELECT count(*) FROM declarations`, `SELECT count(*) FROM contracts`,
			`SELECT count(*) FROM suppliers WHERE legal_name <> 'Coop Neige' OR status <> 'approved' AND status_reason <> ''`} {
			if err := e.DB.Owner.Raw(q).Scan(&n).Error; err != nil || n != 0 {
				t.Errorf("%s = %d (%v)", q, n, err)
			}
		}
	})
	t.Run("PATCH with the current version", func(t *testing.T) {
		r := admin.sendJSON("PATCH", one, map[string]any{"legal_name": "Coop Neige modifiée", "version": sup.Version})
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "modifiée") {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
	})
	t.Run("an empty PUT keeps a document type's settings", func(t *testing.T) {
		path := base + "/suppliers/document-types/insurance"
		if r := admin.sendJSON("PUT", path, map[string]any{"required": true, "warn_days": 45}); r.Status != 200 {
			t.Fatalf("set: %d %s", r.Status, r.Body)
		}
		r := admin.sendJSON("PUT", path, map[string]any{})
		if r.Status != 200 || !strings.Contains(r.Body, `"code":"insurance","required":true,"warn_days":45`) {
			t.Fatalf("empty PUT: %d %.500s", r.Status, r.Body)
		}
	})
}
