package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"maillage/app/rules"
)

// apiAdvice is what a client of the advisor API reads.
type apiAdvice struct {
	ID     uuid.UUID `json:"id"`
	Advice struct {
		Procedure string `json:"procedure"`
		Expense   int64  `json:"expense_cents"`
		LawOnly   bool   `json:"law_only"`
		Regime    string `json:"regime"`
		Documents []struct {
			DocType string `json:"doc_type"`
		} `json:"documents"`
		Preferences []apiLine `json:"preferences"`
		Warnings    []apiLine `json:"warnings"`
		Ranked      []struct {
			SupplierID string `json:"supplier_id"`
		} `json:"ranked"`
	} `json:"advice"`
}

type apiLine struct {
	MsgID string `json:"msg_id"`
	Rule  struct {
		Key string `json:"key"`
	} `json:"rule"`
}

func (a apiAdvice) docTypes() []string {
	var out []string
	for _, d := range a.Advice.Documents {
		out = append(out, d.DocType)
	}
	return out
}

func (a apiAdvice) loi67() bool {
	for _, l := range append(append([]apiLine{}, a.Advice.Preferences...), a.Advice.Warnings...) {
		if l.Rule.Key == "loi67_window" {
			return true
		}
	}
	return false
}

func (a apiAdvice) warns(id string) bool {
	return slices.ContainsFunc(a.Advice.Warnings, func(l apiLine) bool { return l.MsgID == id })
}

// TestAdvisorFromTheLawAlone runs cases written from the statutes through the API for a municipal body
// that has entered no policy: amount_cents is the estimate before taxes; the answer compares the net
// expense with the thresholds of the launch date.
func TestAdvisorFromTheLawAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	g := e.tenant("gamma")
	d := e.tenant("delta") // signed up: it has only the sign-up's default policy, which is no RGC
	m := e.tenant("ministere")
	signUp := rules.Day(2018, 1, 1)
	if _, err := rules.NewStore(e.DB.App, nil).CreatePolicy(context.Background(), d.ID, rules.PolicyVersion{Policy: rules.Policy{LawFamily: rules.LawMunicipal,
		From: signUp, ResolutionNumber: rules.PlaceholderResolution, ResolutionDate: signUp, LocalScope: rules.TerritoryNone, LocalMechanism: rules.MechanismNone},
		Concentration: rules.ConcentrationSetting{Limit: 5000, Level: 4}}, false); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.Owner.Exec(`UPDATE tenants SET kind = 'ministry' WHERE id = ?`, m.ID).Error; err != nil {
		t.Fatal(err)
	}
	api := e.apiAs(t, e.member("acheteur@gamma.example", &g, "buyer"))
	ministry := e.apiAs(t, e.member("acheteur@ministere.example", &m, "buyer"))
	deltaPage := e.member("acheteur@delta.example", &d, "buyer")
	signedUp := e.apiAs(t, deltaPage)
	for _, tc := range []struct {
		name    string
		slug    string
		body    map[string]any
		proc    string
		docs    []string
		loi67   bool
		warning string
	}{
		{"24 000 $ before taxes is over 25 000 $ net: invitation", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 2_400_000, "launch_date": "2025-03-01"}, "invitation", []string{"rena_check"}, false, "rules.warn.no_policy"},
		{"23 800 $ is under the floor net: gré à gré", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 2_380_000, "launch_date": "2025-03-01"}, "gre_a_gre", []string{"rena_check"}, false, ""},
		{"116 000 $ on 2022-10-07 is 121 785,50 $ net: public call", "gamma",
			map[string]any{"nature": "services", "amount_cents": 11_600_000, "launch_date": "2022-10-07"}, "public_call", []string{"rena_check"}, false, ""},
		{"115 000 $ on 2022-10-07 stays under 121 200 $ net, in the Loi 67 window", "gamma",
			map[string]any{"nature": "services", "amount_cents": 11_500_000, "launch_date": "2022-10-07"}, "invitation", []string{"rena_check"}, true, "rules.warn.loi67_rgc_not_entered"},
		{"before Bill 155 the threshold was 100 000 $", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 9_600_000, "launch_date": "2018-02-15"}, "public_call", []string{"rena_check"}, false, ""},
		{"2026: 139 000 $; 130 000 $ before taxes is 136 484 $ net", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 13_000_000, "launch_date": "2026-02-01"}, "invitation", []string{"rena_check"}, false, ""},
		{"renewal options count", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 10_000_000, "options_cents": 3_300_000, "launch_date": "2026-02-01"}, "public_call", []string{"rena_check"}, false, ""},
		{"the earlier date field is the launch date", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 9_600_000, "planned_date": "2018-02-15"}, "public_call", []string{"rena_check"}, false, ""},
		{"construction 24 000 $ needs the Revenu Québec attestation (net)", "gamma",
			map[string]any{"nature": "construction", "amount_cents": 2_400_000, "launch_date": "2025-03-01"}, "invitation", []string{"rena_check", "rq_attestation"}, false, ""},
		{"construction 4 800 000 $ needs the AMP authorization (net)", "gamma",
			map[string]any{"nature": "construction", "amount_cents": 480_000_000, "launch_date": "2025-03-01"}, "public_call",
			[]string{"rena_check", "rq_attestation", "amp_authorization"}, false, ""},
		{"services 900 000 $ + 100 000 $ options need the AMP authorization", "gamma",
			map[string]any{"nature": "services", "amount_cents": 90_000_000, "options_cents": 10_000_000, "launch_date": "2025-03-01"}, "public_call",
			[]string{"rena_check", "amp_authorization"}, false, ""},
		{"Loi 67 only below the threshold", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 20_000_000, "launch_date": "2023-03-01"}, "public_call", []string{"rena_check"}, false, ""},
		{"Loi 67 window closed after 2024-06-24", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 5_000_000, "launch_date": "2024-06-25"}, "invitation", []string{"rena_check"}, false, ""},
		{"LCOM: launched before, awarded after", "gamma",
			map[string]any{"nature": "goods", "amount_cents": 5_000_000, "launch_date": "2026-03-20", "award_date": "2026-04-10"}, "invitation", []string{"rena_check"}, false,
			"rules.warn.lcom_transition"},
		{"a ministry: goods threshold 33 400 $ before taxes", "ministere",
			map[string]any{"nature": "goods", "amount_cents": 3_340_000, "launch_date": "2025-03-01"}, "public_call", []string{"rena_check", "rq_attestation"}, false,
			"rules.warn.no_policy_lcop"},
	} {
		// A municipal case holds for a body with no policy at all and for one with the sign-up's default only.
		bodies := map[string]*client{"gamma": api, "delta": signedUp}
		if tc.slug == "ministere" {
			bodies = map[string]*client{"ministere": ministry}
		}
		for slug, c := range bodies {
			t.Run(tc.name+" ("+slug+")", func(t *testing.T) {
				body := map[string]any{"object": "Achat", "category": "76111500"}
				for k, v := range tc.body {
					body[k] = v
				}
				r := c.sendJSON("POST", "/api/v1/t/"+slug+"/advisor", body)
				var got apiAdvice
				if r.Status != 201 {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				r.json(t, &got)
				if got.Advice.Procedure != tc.proc || !slices.Equal(got.docTypes(), tc.docs) || got.loi67() != tc.loi67 || !got.Advice.LawOnly {
					t.Fatalf("procedure %s, documents %v, Loi 67 %v, law only %v (expense %d)", got.Advice.Procedure, got.docTypes(), got.loi67(),
						got.Advice.LawOnly, got.Advice.Expense)
				}
				if tc.warning != "" && !got.warns(tc.warning) {
					t.Fatalf("no warning %s in %+v", tc.warning, got.Advice.Warnings)
				}
			})
		}
	}
	t.Run("the policy page says the default is no adopted by-law, and starts the form from the defaults", func(t *testing.T) {
		r := deltaPage.get("/t/delta/policy")
		text := html.UnescapeString(visibleText(r.Body))
		if r.Status != 200 || !strings.Contains(text, "ce n'est pas un règlement adopté") || strings.Contains(text, rules.PlaceholderResolution) ||
			strings.Contains(r.Body, `value="`+rules.PlaceholderResolution) {
			t.Fatalf("%d %s", r.Status, text)
		}
	})
	t.Run("with no version entered, the policy form starts from the law of the body's kind", func(t *testing.T) {
		for _, x := range []struct {
			page *client
			slug string
			law  string
		}{{e.member("admin@delta.example", &d, "tenant_admin"), "delta", "lcv_cm"}, {e.member("admin@ministere.example", &m, "tenant_admin"), "ministere", "lcop"}} {
			r := x.page.get("/t/" + x.slug + "/policy")
			if r.Status != 200 || !strings.Contains(r.Body, `<option value="`+x.law+`" selected>`) {
				t.Fatalf("%s: %d, law family %s not chosen", x.slug, r.Status, x.law)
			}
		}
	})
	t.Run("the policy API marks the default as a placeholder, never in force", func(t *testing.T) {
		var list struct {
			Items []struct {
				Placeholder bool `json:"placeholder"`
				InForce     bool `json:"in_force"`
			} `json:"items"`
			InForce string `json:"in_force"`
		}
		r := signedUp.get("/api/v1/t/delta/policies")
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r.json(t, &list)
		if len(list.Items) != 1 || !list.Items[0].Placeholder || list.Items[0].InForce || list.InForce != "" {
			t.Fatalf("%s", r.Body)
		}
	})
	t.Run("a launch after the last period entered is refused in words", func(t *testing.T) {
		r := api.sendJSON("POST", "/api/v1/t/gamma/advisor", map[string]any{"object": "Achat", "category": "76111500", "nature": "goods",
			"amount_cents": 5_000_000, "launch_date": "2028-02-01"})
		if r.Status != 422 || strings.Contains(r.Body, "muni_tender_threshold") || !strings.Contains(r.Body, "Seuil d'appel d'offres public (municipal)") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("two different launch dates are refused", func(t *testing.T) {
		r := api.sendJSON("POST", "/api/v1/t/gamma/advisor", map[string]any{"object": "Achat", "category": "76111500", "nature": "goods",
			"amount_cents": 100, "launch_date": "2025-03-01", "planned_date": "2025-04-01"})
		if r.Status != 422 || !strings.Contains(r.Body, "planned_date") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("award before launch is refused", func(t *testing.T) {
		r := api.sendJSON("POST", "/api/v1/t/gamma/advisor", map[string]any{"object": "Achat", "category": "76111500", "nature": "goods",
			"amount_cents": 100, "launch_date": "2025-03-01", "award_date": "2025-02-01"})
		if r.Status != 422 || !strings.Contains(r.Body, "rules.err.award_before_launch") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

// apiAs is a bearer-token client for the person signed in on page client c.
func (e *env) apiAs(t *testing.T, c *client) *client {
	t.Helper()
	var me struct {
		User struct{ ID uuid.UUID } `json:"user"`
	}
	c.get("/api/v1/me").json(t, &me)
	return e.tokenClient(me.User.ID)
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// visibleText is a page's text without tags, scripts and attribute values.
func visibleText(html string) string {
	main := html
	if i := strings.Index(main, "<main"); i >= 0 {
		main = main[i:]
	}
	main = regexp.MustCompile(`(?s)<script.*?</script>`).ReplaceAllString(main, " ")
	return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(main, " ")
}

// TestAdvicePagesReadable: the advice page says which law and which expense it compared, names the
// category and the region, cites articles and resolutions in words, never shows a UUID or a rule key; "Mes
// avis" lists the person's answers; the read API returns them to the tenant only.
func TestAdvicePagesReadable(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	form := url.Values{"object": {"Entretien ménager de l'hôtel de ville"}, "category": {"72102900"}, "nature": {"services"},
		"amount": {"30 000,00"}, "options": {"10 000"}, "launch_date": {"2025-05-01"}}
	r := f.buyer.postForm("/t/alpha/advisor", form)
	if r.Status != 303 {
		t.Fatalf("advise: %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	page := f.buyer.get(loc)
	text := visibleText(page.Body)
	for _, want := range []string{"41\u00a0995,00\u00a0$", "taxes nettes", "Loi sur les cités et villes", "CM-2024-101 (2024-01-15)",
		"LCV, art. 573.1", "Mauricie", "data-print", "Imprimer", "/t/alpha/opportunites/nouvelle?avis="} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("advice page lacks %q", want)
		}
	}
	if id := uuidRE.FindString(text); id != "" {
		t.Errorf("the page shows a UUID: %s", id)
	}
	for _, key := range []string{"muni_", "rules.", "_threshold", "loi67_window", "gre_a_gre", "lcv_cm", "policy."} {
		if strings.Contains(text, key) {
			t.Errorf("the page shows an internal code %q", key)
		}
	}
	id := idRE.FindStringSubmatch(loc)[1]
	t.Run("Mes avis lists it, for its author only", func(t *testing.T) {
		mine := f.buyer.get("/t/alpha/advice")
		if mine.Status != 200 || !strings.Contains(mine.Body, "Entretien ménager de l&#39;hôtel de ville") {
			t.Fatalf("%d", mine.Status)
		}
		admins := f.admin.get("/t/alpha/advice")
		if strings.Contains(admins.Body, "Entretien ménager") {
			t.Fatal("someone else's answer in Mes avis")
		}
		if all := f.admin.get("/t/alpha/advice?all=1"); !strings.Contains(all.Body, "Entretien ménager") || !strings.Contains(all.Body, "buyer@alpha.example") {
			t.Fatal("the body's answers lack it")
		}
	})
	api, otherAPI := f.e.apiAs(t, f.buyer), f.e.apiAs(t, f.other)
	t.Run("read API", func(t *testing.T) {
		var got apiAdvice
		r := api.get("/api/v1/t/alpha/advice/" + id)
		r.json(t, &got)
		if r.Status != 200 || got.ID.String() != id || len(got.Advice.Ranked) == 0 || got.Advice.Expense != 4_199_500 {
			t.Fatalf("%d %+v", r.Status, got)
		}
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		api.get("/api/v1/t/alpha/advice?mine=true&limit=1").json(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != id {
			t.Fatalf("list %+v", list)
		}
		if r := otherAPI.get("/api/v1/t/alpha/advice/" + id); r.Status != 404 {
			t.Fatalf("other tenant reads it: %d", r.Status)
		}
		if r := otherAPI.get("/api/v1/t/beta/advice/" + id); r.Status != 404 {
			t.Fatalf("other tenant through its own path: %d", r.Status)
		}
		if r := api.get("/api/v1/t/alpha/advice?cursor=zz"); r.Status != 422 {
			t.Fatalf("bad cursor: %d", r.Status)
		}
	})
}

// TestPolicyAPI: versions are listed and created through the API with the page's validation; a new
// version starts from the one in force, a preview shows the differences and saves nothing; another body
// sees 404 and a buyer may read but not write.
func TestPolicyAPI(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	admin, buyer, other := f.e.apiAs(t, f.admin), f.e.apiAs(t, f.buyer), f.e.apiAs(t, f.other)
	type list struct {
		Items []struct {
			ID               string `json:"id"`
			ResolutionNumber string `json:"resolution_number"`
			RotationMonths   int    `json:"rotation_months"`
			LocalMechanism   string `json:"local_mechanism"`
			ValidTo          string `json:"valid_to"`
		} `json:"items"`
		InForce string `json:"in_force"`
	}
	var before list
	if r := buyer.get("/api/v1/t/alpha/policies"); r.Status != 200 {
		t.Fatalf("list: %d", r.Status)
	} else {
		r.json(t, &before)
	}
	if len(before.Items) != 1 || before.InForce != before.Items[0].ID || before.Items[0].RotationMonths != 12 {
		t.Fatalf("before: %+v", before)
	}
	change := map[string]any{"valid_from": "2026-01-01", "resolution_number": "CM-2025-300", "resolution_date": "2025-12-10", "rotation_months": 24}
	t.Run("preview shows the change and saves nothing", func(t *testing.T) {
		r := admin.sendJSON("POST", "/api/v1/t/alpha/policies?preview=true", change)
		var out struct {
			Saved   bool   `json:"saved"`
			BasedOn string `json:"based_on"`
			Changes []struct {
				Field  string `json:"field"`
				Before any    `json:"before"`
				After  any    `json:"after"`
			} `json:"changes"`
		}
		r.json(t, &out)
		if r.Status != 200 || out.Saved || out.BasedOn != before.InForce || len(out.Changes) != 1 || out.Changes[0].Field != "rotation_months" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var now list
		buyer.get("/api/v1/t/alpha/policies").json(t, &now)
		if len(now.Items) != 1 {
			t.Fatalf("preview saved: %+v", now)
		}
	})
	t.Run("create keeps what is not given", func(t *testing.T) {
		r := admin.sendJSON("POST", "/api/v1/t/alpha/policies", change)
		if r.Status != 201 || !strings.Contains(r.Body, `"saved":true`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var now list
		buyer.get("/api/v1/t/alpha/policies").json(t, &now)
		if len(now.Items) != 2 || now.Items[0].ResolutionNumber != "CM-2025-300" || now.Items[0].RotationMonths != 24 ||
			now.Items[0].LocalMechanism != "invite_local_first" || now.Items[1].ValidTo != "2025-12-31" {
			t.Fatalf("after: %+v", now)
		}
	})
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"premium without a percentage", map[string]any{"valid_from": "2027-01-01", "resolution_number": "X", "resolution_date": "2026-12-01",
			"local_mechanism": "price_premium", "local_premium_bp": 0}, "rules.err.premium_invalid"},
		{"bad date", map[string]any{"valid_from": "2027-13-01", "resolution_number": "X", "resolution_date": "2026-12-01"}, "valid_from"},
		{"no resolution", map[string]any{"valid_from": "2027-01-01", "resolution_date": "2026-12-01"}, "rules.err.resolution_required"},
		{"unknown field", map[string]any{"valid_from": "2027-01-01", "resolution_number": "X", "resolution_date": "2026-12-01", "rotation": 3}, "rules.ui.invalid_json"},
		{"overlap without closing", map[string]any{"valid_from": "2027-01-01", "resolution_number": "X", "resolution_date": "2026-12-01",
			"close_current": false}, "rules.err.policy_overlap"},
		{"municipal policy naming an LCOP body", map[string]any{"valid_from": "2027-01-01", "resolution_number": "X", "resolution_date": "2026-12-01",
			"body": "health"}, "rules.err.body_invalid"},
	} {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			r := admin.sendJSON("POST", "/api/v1/t/alpha/policies", tc.body)
			if (r.Status != 422 && r.Status != 409) || !strings.Contains(r.Body, tc.field) {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("the page refuses the same input", func(t *testing.T) {
		r := f.admin.postForm("/t/alpha/policy", url.Values{"law_family": {"lcv_cm"}, "resolution_number": {"X"}, "resolution_date": {"2026-12-01"},
			"valid_from": {"2027-01-01"}, "local_mechanism": {"price_premium"}, "local_scope": {"quebec"}, "concentration_limit": {"50"}, "concentration_level": {"4"}})
		if r.Status != 422 || !strings.Contains(r.Body, "marge de prix") {
			t.Fatalf("%d", r.Status)
		}
	})
	t.Run("the page shows the changes before saving", func(t *testing.T) {
		form := url.Values{"law_family": {"lcv_cm"}, "resolution_number": {"CM-2026-9"}, "resolution_date": {"2026-06-01"}, "valid_from": {"2026-07-01"},
			"local_scope": {"region"}, "local_codes": {"04"}, "local_mechanism": {"invite_local_first"}, "ees_preference": {"on"}, "rotation_months": {"6"},
			"gre_a_gre_ceiling": {"50 000"}, "concentration_limit": {"50"}, "concentration_level": {"4"}, "close_current": {"on"}}
		r := f.admin.postForm("/t/alpha/policy", form)
		if r.Status != 200 || !strings.Contains(r.Body, "Changements par rapport") || !strings.Contains(r.Body, "Rotation (mois)") || strings.Contains(r.Body, `scope="row">Plafond du gré à gré`) {
			t.Fatalf("%d", r.Status)
		}
		var now list
		buyer.get("/api/v1/t/alpha/policies").json(t, &now)
		if len(now.Items) != 2 {
			t.Fatalf("preview saved: %d", len(now.Items))
		}
		form.Set("confirm", "1")
		if r := f.admin.postForm("/t/alpha/policy", form); r.Status != 303 {
			t.Fatalf("confirm: %d", r.Status)
		}
		buyer.get("/api/v1/t/alpha/policies").json(t, &now)
		if len(now.Items) != 3 || now.Items[0].RotationMonths != 6 {
			t.Fatalf("after confirm: %+v", now)
		}
	})
	t.Run("the page starts from the version in force", func(t *testing.T) {
		p := f.admin.get("/t/alpha/policy")
		if !strings.Contains(p.Body, "value=\"50\u00a0000,00\"") || !strings.Contains(p.Body, "CM-2026-9") {
			t.Fatalf("form not prefilled")
		}
	})
	t.Run("access", func(t *testing.T) {
		if r := buyer.sendJSON("POST", "/api/v1/t/alpha/policies", change); r.Status != 403 {
			t.Fatalf("buyer writes: %d", r.Status)
		}
		if r := other.get("/api/v1/t/alpha/policies"); r.Status != 404 {
			t.Fatalf("other body reads: %d", r.Status)
		}
		if r := other.sendJSON("POST", "/api/v1/t/alpha/policies", change); r.Status != 404 {
			t.Fatalf("other body writes: %d", r.Status)
		}
		var theirs list
		other.get("/api/v1/t/beta/policies").json(t, &theirs)
		if len(theirs.Items) != 0 {
			t.Fatalf("beta sees %d versions", len(theirs.Items))
		}
	})
	t.Run("in the OpenAPI document", func(t *testing.T) {
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal([]byte(f.e.anon().get("/api/v1/openapi.json").Body), &doc); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/api/v1/t/{slug}/policies", "/api/v1/t/{slug}/advice", "/api/v1/t/{slug}/advice/{id}", "/api/v1/t/{slug}/advisor"} {
			if _, ok := doc.Paths[p]; !ok {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
		if _, ok := doc.Paths["/api/v1/t/{slug}/policies"]["post"]; !ok {
			t.Error("no POST /policies")
		}
	})
}
