package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"maillage/app/accounts"
)

func TestProvincialOverview(t *testing.T) {
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
		{"bad date is a clear error", analyst, "/api/v1/province/summary?from=2026-13-01", 422, "provincial.date_invalid"},
		{"reversed period is a clear error", analyst, "/province?from=2026-12-01&to=2026-01-01", 422, "La fin de la période doit suivre son début."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.cl.get(c.path)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Fatalf("got %d, want %d with %q:\n%.600s", r.Status, c.status, c.want, r.Body)
			}
		})
	}
	// The region of the only tenant is listed, and suppressed (fewer than 3 bodies).
	e.DB.App.Exec(`UPDATE tenants SET region_code = '16' WHERE id = ?`, a.ID)
	if r := analyst.get("/province"); !strings.Contains(r.Body, "Montérégie") || !strings.Contains(r.Body, "Masqué") {
		t.Fatalf("region row missing or not suppressed:\n%.2000s", r.Body)
	}
}

func TestBrowserProvincialOverview(t *testing.T) {
	e := newEnv(t)
	a := e.tenant("alpha")
	e.DB.App.Exec(`UPDATE tenants SET region_code = '16' WHERE id = ?`, a.ID)
	analyst := e.member("analyste@province.example", nil, accounts.RoleProvincialAnalyst)
	base := e.liveServer()
	ctx := newBrowser(t)
	browse(t, ctx, signIn(base, analyst), chromedp.Navigate(base+"/province"), chromedp.WaitVisible(chromedp.CSS("table")))
	if h1 := text(t, ctx, "h1"); h1 != "Portrait provincial" {
		t.Fatalf("h1 %q", h1)
	}
	checkAxe(t, ctx, "/province")
}
