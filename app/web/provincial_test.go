package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
)

func TestProvincialOverview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("alpha")
	analyst := e.member("analyste@province.example", nil, accounts.RoleProvincialAnalyst)
	admin := e.member("admin@maillage.example", nil, accounts.RolePlatformAdmin)
	buyer := e.member("buyer@alpha.example", &a, accounts.RoleBuyer)
	steward := e.member("pole@estrie.example", nil, accounts.RoleCatalogueSteward)
	cases := []struct {
		name   string
		cl     *client
		path   string
		status int
		want   string
	}{
		{"analyst sees the page", analyst, "/province?from=2026-01-01&to=2026-12-31", 200, "Portrait provincial"},
		{"platform admin sees the page", admin, "/province", 200, "Portrait provincial"},
		{"analyst reads the API", analyst, "/api/v1/province/summary?from=2026-01-01&to=2026-12-31", 200, `"regions":[`},
		{"a buyer may not", buyer, "/province", 403, "Accès refusé"},
		{"a steward may not", steward, "/api/v1/province/summary", 403, "/problems/forbidden"},
		{"anonymous goes to login", e.anon(), "/province", 303, ""},
		{"bad date is a clear error", analyst, "/api/v1/province/summary?from=2026-13-01", 422, "input.date_invalid"},
		{"reversed period is a clear error", analyst, "/province?from=2026-10-01&to=2026-03-31", 422, "La fin de la période doit suivre son début."},
		{"the reported one-day query is refused", analyst, "/api/v1/province/summary?from=2026-03-01&to=2026-03-01", 422, "provincial.period_quarter_start"},
		{"a quarter shifted by a day is refused", analyst, "/api/v1/province/summary?from=2026-01-01&to=2026-04-01", 422, "provincial.period_quarter_end"},
		{"the page explains the refusal", analyst, "/province?from=2026-01-01&to=2026-01-01", 422, "dernier jour d’un trimestre civil (par exemple 2026-03-31)"},
		{"the export follows the same rules", analyst, "/province/export.csv?from=2026-03-01&to=2026-03-01", 422, ""},
		{"a steward may not export", steward, "/province/export.csv", 403, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.get(c.path)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Fatalf("got %d, want %d with %q:\n%.600s", r.Status, c.status, c.want, r.Body)
			}
		})
	}
	// The region of the only tenant is listed, its figures not available with the reason (never 0), in the
	// page, the API and the export.
	if res := e.DB.App.Exec(`UPDATE tenants SET region_code = '16' WHERE id = ?`, a.ID); res.Error != nil || res.RowsAffected != 1 {
		t.Fatalf("region of alpha: %d rows, %v", res.RowsAffected, res.Error)
	}
	for _, c := range []struct{ path, want string }{
		{"/province?from=2026-01-01&to=2026-03-31", "n. d. (a)"},
		{"/province?from=2026-01-01&to=2026-03-31", "moins de 3 organismes contribuent à ce chiffre"},
		{"/api/v1/province/summary?from=2026-01-01&to=2026-03-31", `"spend_cents":{"value":null,"reason":"few_bodies"}`},
		{"/api/v1/province/summary?from=2026-01-01&to=2026-03-31", `"totals":{"region_code":"","region_name":"","bodies":1,"bodies_with_declaration":0,"contracts":{"value":null,"reason":"no_region"}`},
		{"/province/export.csv?from=2026-01-01&to=2026-03-31", "16,Montérégie,1,0,non disponible — moins de 3 organismes"},
	} {
		r := analyst.get(c.path)
		if r.Status != 200 || !strings.Contains(r.Body, c.want) {
			t.Fatalf("%s: %d, want %q:\n%.3000s", c.path, r.Status, c.want, r.Body)
		}
		if strings.Contains(r.Body, "0,00") || strings.Contains(r.Body, `"value":0`) {
			t.Fatalf("%s shows a false zero:\n%.3000s", c.path, r.Body)
		}
	}
}

func TestBrowserProvincialOverview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.tenant("alpha")
	if res := e.DB.App.Exec(`UPDATE tenants SET region_code = '16' WHERE id = ?`, a.ID); res.Error != nil || res.RowsAffected != 1 {
		t.Fatalf("region of alpha: %d rows, %v", res.RowsAffected, res.Error)
	}
	analyst := e.member("analyste@province.example", nil, accounts.RoleProvincialAnalyst)
	base := e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, signIn(base, analyst), chromedp.Navigate(base+"/province"), chromedp.WaitVisible(chromedp.CSS("table")))
	if h1 := text(t, ctx, "h1"); h1 != "Portrait provincial" {
		t.Fatalf("h1 %q", h1)
	}
	checkAxe(t, ctx, "/province")
}
