package web_test

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/seao"
	"maillage/tenants"
)

const seaoSample = "../seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json"

// rulesFixture: tenant alpha (region 04) with a policy favouring local and collective suppliers, three
// register suppliers, and tenant beta.
type rulesFixture struct {
	e            *env
	a, b         tenants.Tenant
	admin, buyer *client
	official     *client
	other        *client
	coop, beton  uuid.UUID
}

func newRulesFixture(t *testing.T) *rulesFixture {
	t.Helper()
	e := newEnv(t)
	f := &rulesFixture{e: e, a: e.tenant("alpha"), b: e.tenant("beta")}
	if err := e.DB.Owner.Exec(`UPDATE tenants SET region_code = '04' WHERE id = ?`, f.a.ID).Error; err != nil {
		t.Fatal(err)
	}
	f.admin = e.member("admin@alpha.example", &f.a, "tenant_admin")
	f.buyer = e.member("buyer@alpha.example", &f.a, "buyer")
	f.official = e.member("elu@alpha.example", &f.a, "official")
	f.other = e.member("buyer@beta.example", &f.b, "buyer")
	r := f.admin.postForm("/t/alpha/policy", url.Values{"law_family": {"lcv_cm"}, "resolution_number": {"CM-2024-101"},
		"resolution_date": {"2024-01-15"}, "valid_from": {"2024-01-01"}, "local_scope": {"region"}, "local_codes": {"04"},
		"local_mechanism": {"invite_local_first"}, "ees_preference": {"on"}, "rotation_months": {"12"}, "gre_a_gre_ceiling": {"50 000"},
		"concentration_limit": {"50"}, "concentration_level": {"4"}, "close_current": {"on"}, "confirm": {"1"}})
	if r.Status != 303 {
		t.Fatalf("policy: %d %s", r.Status, r.Body)
	}
	add := func(neq, name string, ees bool, region string) uuid.UUID {
		id := uuid.New()
		if err := tenants.Tx(context.Background(), e.DB.App, f.a.ID, func(tx *gorm.DB) error {
			if err := tx.Exec(`INSERT INTO suppliers (tenant_id, id, neq, legal_name, ees, quebec_establishment, region_code, unspsc, legal_form)
				VALUES (?, ?, ?, ?, ?, true, ?, ARRAY['72100000'], 'nonprofit')`, f.a.ID, id, neq, name, ees, region).Error; err != nil {
				return err
			}
			// A Revenu Québec attestation valid through 2025 (construction contracts of $25,000 or more need one).
			return tx.Exec(`INSERT INTO supplier_documents (tenant_id, supplier_id, type, issued_on, expires_on)
				VALUES (?, ?, 'rq_attestation', '2025-01-01', '2025-12-31')`, f.a.ID, id).Error
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.beton = add("2222222222", "Béton Montréal inc.", false, "06")
	f.coop = add("1111111111", "Coop de solidarité Mauricie", true, "04")
	add("3333333333", "Entretien Trois-Rivières", false, "04")
	return f
}

var idRE = regexp.MustCompile(`/advisor/([0-9a-f-]{36})`)

func TestAdvisorPagesAndContractFlow(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	form := url.Values{"object": {"Réfection de trottoirs"}, "category": {"72102900"}, "nature": {"construction"},
		"amount": {"30 000,00"}, "planned_date": {"2025-05-01"}}
	r := f.buyer.postForm("/t/alpha/advisor", form)
	if r.Status != 303 || !idRE.MatchString(r.Header.Get("Location")) {
		t.Fatalf("advise: %d %s", r.Status, r.Header.Get("Location"))
	}
	loc := r.Header.Get("Location")
	page := f.buyer.get(loc)
	for _, want := range []string{"Gré à gré", "Coop de solidarité Mauricie", "RENA", "Attestation de Revenu Québec", "CM-2024-101"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("advice page lacks %q", want)
		}
	}
	coop, beton := strings.Index(page.Body, "Coop de solidarité Mauricie"), strings.Index(page.Body, "Béton Montréal")
	if coop < 0 || beton >= 0 && beton < coop {
		t.Errorf("collective local supplier not ranked first")
	}
	t.Run("english", func(t *testing.T) {
		f.buyer.lang = "en"
		defer func() { f.buyer.lang = "" }()
		if p := f.buyer.get(loc); !strings.Contains(p.Body, "Direct award") || !strings.Contains(p.Body, "$30,000.00") {
			t.Errorf("english page: %s", p.Body[:200])
		}
	})
	t.Run("bad input re-renders with messages, saves nothing", func(t *testing.T) {
		bad := url.Values{"object": {""}, "category": {"72"}, "nature": {"goods"}, "amount": {"-5"}, "options": {"12,5x"}, "launch_date": {"2025-05-01"}}
		r := f.buyer.postForm("/t/alpha/advisor", bad)
		formError(t, r, 422, []string{"object", "category", "amount", "options"}, map[string]string{"category": "72", "options": "12,5x", "launch_date": "2025-05-01"})
		if !strings.Contains(r.Body, "8 chiffres") || !strings.Contains(r.Body, "Décrivez l") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("other tenant cannot read the saved advice", func(t *testing.T) {
		if r := f.other.get(strings.Replace(loc, "alpha", "beta", 1)); r.Status != 404 {
			t.Fatalf("beta: %d", r.Status)
		}
		if r := f.other.get(loc); r.Status != 404 {
			t.Fatalf("beta on alpha: %d", r.Status)
		}
	})
	adviceID := idRE.FindStringSubmatch(loc)[1]
	r = f.buyer.get("/t/alpha/contracts/new?advice=" + adviceID + "&supplier=" + f.coop.String())
	if r.Status != 200 || !strings.Contains(r.Body, `value="Réfection de trottoirs"`) {
		t.Fatalf("prefilled form: %d", r.Status)
	}
	r = f.buyer.postForm("/t/alpha/contracts", url.Values{"supplier_id": {f.coop.String()}, "object": {"Réfection de trottoirs"},
		"category": {"72102900"}, "nature": {"construction"}, "procedure": {"gre_a_gre"}, "awarded": {"30 000"}, "awarded_on": {"2025-04-20"},
		"advice_id": {adviceID}})
	if r.Status != 303 {
		t.Fatalf("record: %d %s", r.Status, r.Body)
	}
	t.Run("published list (public) shows it", func(t *testing.T) {
		p := f.e.anon().get("/t/alpha/contracts/published?year=2025")
		if p.Status != 200 || !strings.Contains(p.Body, "Coop de solidarité Mauricie") || !strings.Contains(p.Body, "30\u00a0000,00") {
			t.Fatalf("published: %d", p.Status)
		}
		csv := f.e.anon().get("/t/alpha/contracts/published.csv?year=2025")
		if csv.Status != 200 || !strings.Contains(csv.Body, "Coop de solidarité Mauricie;1111111111;Réfection de trottoirs;2025-04-20;30000,00;30000,00") {
			t.Fatalf("csv: %d %q", csv.Status, csv.Body)
		}
		if p := f.e.anon().get("/t/beta/contracts/published?year=2025"); strings.Contains(p.Body, "Mauricie") {
			t.Fatal("beta's list shows alpha's contract")
		}
	})
	t.Run("rotation excludes the supplier next time", func(t *testing.T) {
		r := f.buyer.postForm("/t/alpha/advisor", form)
		p := f.buyer.get(r.Header.Get("Location"))
		if !strings.Contains(p.Body, "rotation") {
			t.Fatal("no rotation reason")
		}
	})
}

func TestRulesPagesAccess(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	platform := f.e.member("root@maillage.example", nil, "platform_admin")
	cases := []struct {
		name   string
		c      *client
		method string
		path   string
		status int
	}{
		{"buyer advisor", f.buyer, "GET", "/t/alpha/advisor", 200},
		{"official advisor", f.official, "GET", "/t/alpha/advisor", 403},
		{"official contracts", f.official, "GET", "/t/alpha/contracts", 403},
		{"official new contract", f.official, "GET", "/t/alpha/contracts/new", 403},
		{"buyer policy read", f.buyer, "GET", "/t/alpha/policy", 200},
		{"buyer policy write", f.buyer, "POST", "/t/alpha/policy", 403},
		{"other tenant advisor", f.other, "GET", "/t/alpha/advisor", 404},
		{"other tenant contracts", f.other, "GET", "/t/alpha/contracts", 404},
		{"anonymous contracts", f.e.anon(), "GET", "/t/alpha/contracts", 303},
		{"anonymous published", f.e.anon(), "GET", "/t/alpha/contracts/published", 200},
		{"buyer legal admin", f.buyer, "GET", "/admin/legal", 403},
		{"platform legal admin", platform, "GET", "/admin/legal", 200},
		{"seao page", f.buyer, "GET", "/t/alpha/contracts/seao", 200},
		{"import page", f.buyer, "GET", "/t/alpha/contracts/import", 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r resp
			if tc.method == "GET" {
				r = tc.c.get(tc.path)
			} else {
				r = tc.c.postForm(tc.path, url.Values{})
			}
			if r.Status != tc.status {
				t.Fatalf("%s %s: %d, want %d", tc.method, tc.path, r.Status, tc.status)
			}
		})
	}
	t.Run("platform admin edits a legal value; overlap refused", func(t *testing.T) {
		ok := platform.postForm("/admin/legal", url.Values{"key": {"muni_tender_threshold"}, "kind": {"cents"}, "value": {"140 000"},
			"from": {"2028-01-01"}, "to": {"2029-12-31"}, "citation": {"Arrêté 2028"}})
		if ok.Status != 303 {
			t.Fatalf("save: %d %s", ok.Status, ok.Body)
		}
		bad := platform.postForm("/admin/legal", url.Values{"key": {"muni_tender_threshold"}, "kind": {"cents"}, "value": {"1"},
			"from": {"2029-06-01"}, "citation": {"x"}})
		if bad.Status != 422 || !strings.Contains(bad.Body, "en même temps") {
			t.Fatalf("overlap: %d", bad.Status)
		}
		edit := platform.get("/admin/legal?edit=muni_tender_threshold/2028-01-01")
		if edit.Status != 200 || !strings.Contains(edit.Body, `name="replacing" value="muni_tender_threshold/2028-01-01"`) || !strings.Contains(edit.Body, "Arrêté 2028") {
			t.Fatalf("edit form: %d", edit.Status)
		}
		badSource := platform.postForm("/admin/legal", url.Values{"replacing": {"muni_tender_threshold/2028-01-01"}, "key": {"muni_tender_threshold"},
			"kind": {"cents"}, "value": {"141 000"}, "from": {"2028-01-01"}, "to": {"2029-12-31"}, "citation": {"Arrêté 2028"}, "source": {"ftp://x"}})
		formError(t, badSource, 422, []string{"source"}, map[string]string{"value": "141 000", "source": "ftp://x"})
		if !strings.Contains(badSource.Body, `name="replacing" value="muni_tender_threshold/2028-01-01"`) {
			t.Fatal("the failed replacement forgot what it replaces")
		}
		fixed := platform.postForm("/admin/legal", url.Values{"replacing": {"muni_tender_threshold/2028-01-01"}, "key": {"muni_tender_threshold"},
			"kind": {"cents"}, "value": {"141 000"}, "from": {"2028-01-01"}, "to": {"2029-12-31"}, "citation": {"Arrêté 2028"},
			"source": {"https://www.legisquebec.gouv.qc.ca/"}, "confidence": {"confirmed"}, "confirmed": {"on"}})
		if fixed.Status != 303 {
			t.Fatalf("replace: %d %s", fixed.Status, fixed.Body)
		}
		page := platform.get("/admin/legal")
		if !strings.Contains(page.Body, "141\u00a0000,00\u00a0$") || strings.Contains(page.Body, "140\u00a0000,00\u00a0$") || !strings.Contains(page.Body, "confirmed") {
			t.Fatal("replacement not shown")
		}
	})
	t.Run("overlapping policy version refused", func(t *testing.T) {
		r := f.admin.postForm("/t/alpha/policy", url.Values{"law_family": {"lcv_cm"}, "resolution_number": {"CM-2023-1"},
			"resolution_date": {"2023-01-15"}, "valid_from": {"2023-06-01"}, "concentration_limit": {"50"}, "concentration_level": {"4"}})
		if r.Status != 409 || !strings.Contains(r.Body, "chevauchent") {
			t.Fatalf("%d", r.Status)
		}
	})
}

func TestContractsAPI(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	u, _ := f.buyer, 0
	_ = u
	api, otherAPI := f.e.apiAs(t, f.buyer), f.e.apiAs(t, f.other)

	t.Run("advisor", func(t *testing.T) {
		r := api.sendJSON("POST", "/api/v1/t/alpha/advisor", map[string]any{"object": "Tonte", "category": "72102900", "nature": "services",
			"amount_cents": 2_380_000, "planned_date": "2025-05-01"})
		if r.Status != 201 || !strings.Contains(r.Body, `"procedure":"gre_a_gre"`) || !strings.Contains(r.Body, `"msg_id":"rules.proc.gre_a_gre_under_floor"`) ||
			!strings.Contains(r.Body, `"procedure":"Gré à gré"`) || !strings.Contains(r.Body, "24\u00a0987,03\u00a0$") || !strings.Contains(r.Body, `"expense_cents":2498703`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		bad := api.sendJSON("POST", "/api/v1/t/alpha/advisor", map[string]any{"object": "Tonte", "category": "72102900", "nature": "services", "amount_cents": -1, "planned_date": "2025-05-01"})
		if bad.Status != 422 || !strings.Contains(bad.Body, "rules.err.amount_negative") || !strings.Contains(bad.Header.Get("Content-Type"), "problem+json") {
			t.Fatalf("%d %s", bad.Status, bad.Body)
		}
		if r := otherAPI.sendJSON("POST", "/api/v1/t/alpha/advisor", map[string]any{}); r.Status != 404 {
			t.Fatalf("other tenant: %d", r.Status)
		}
	})
	t.Run("create and list", func(t *testing.T) {
		r := api.sendJSON("POST", "/api/v1/t/alpha/contracts", map[string]any{"supplier_neq": "1111111111", "object": "Déneigement",
			"category": "72102900", "nature": "services", "procedure": "invitation", "awarded_cents": 4_000_000, "awarded_on": "2025-02-01T00:00:00Z"})
		if r.Status != 201 || !strings.Contains(r.Body, `"supplier_ees":true`) || !strings.Contains(r.Body, `"supplier_local":true`) {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		bad := api.sendJSON("POST", "/api/v1/t/alpha/contracts", map[string]any{"supplier_name": "X", "object": "Y", "nature": "goods",
			"procedure": "gre_a_gre", "awarded_cents": -4, "awarded_on": "2025-02-01T00:00:00Z"})
		if bad.Status != 422 || !strings.Contains(bad.Body, "contracts.amount_negative") {
			t.Fatalf("%d %s", bad.Status, bad.Body)
		}
		var page struct {
			Items []map[string]any `json:"items"`
		}
		api.get("/api/v1/t/alpha/contracts").json(t, &page)
		if len(page.Items) != 1 {
			t.Fatalf("%d items", len(page.Items))
		}
		otherAPI.get("/api/v1/t/beta/contracts").json(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("beta sees %d", len(page.Items))
		}
		if r := otherAPI.get("/api/v1/t/alpha/contracts"); r.Status != 404 {
			t.Fatalf("beta on alpha: %d", r.Status)
		}
	})
	t.Run("SEAO load, idempotent, then OCDS export validates", func(t *testing.T) {
		body, err := os.ReadFile(seaoSample)
		if err != nil {
			t.Fatal(err)
		}
		if r := api.do("POST", "/api/v1/t/alpha/contracts/seao", strings.NewReader(string(body)), "application/json"); r.Status != 422 ||
			!strings.Contains(r.Body, "contracts.seao_no_buyer") {
			t.Fatalf("without buyer: %d %s", r.Status, r.Body)
		}
		if r := f.admin.postForm("/t/alpha/admin/acheteurs-seao", url.Values{"buyer_ids": {"OP-70289"}}); r.Status != 303 {
			t.Fatalf("buyers: %d", r.Status)
		}
		r := api.do("POST", "/api/v1/t/alpha/contracts/seao", strings.NewReader(string(body)), "application/json")
		if r.Status != 200 || !strings.Contains(r.Body, `"loaded":2`) {
			t.Fatalf("load: %d %s", r.Status, r.Body)
		}
		r = api.do("POST", "/api/v1/t/alpha/contracts/seao", strings.NewReader(string(body)), "application/json")
		if !strings.Contains(r.Body, `"loaded":0`) || !strings.Contains(r.Body, `"already_loaded":2`) {
			t.Fatalf("reload: %s", r.Body)
		}
		if r := api.do("POST", "/api/v1/t/alpha/contracts/seao", strings.NewReader(`[1,2]`), "application/json"); r.Status != 422 ||
			!strings.Contains(r.Body, "rules.seao.not_ocds") {
			t.Fatalf("not ocds: %d %s", r.Status, r.Body)
		}
		ocds := api.get("/api/v1/t/alpha/contracts.ocds.json")
		if ocds.Status != 200 {
			t.Fatalf("ocds: %d %s", ocds.Status, ocds.Body)
		}
		v, err := seao.NewValidator()
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate([]byte(ocds.Body)); err != nil {
			t.Fatalf("export does not validate: %v", err)
		}
		if !strings.Contains(ocds.Body, `"socialEconomy":{"adaptedEnterprise":false,"ees":true`) || strings.Count(ocds.Body, `"ocid"`) != 3 {
			t.Fatalf("export content: %s", ocds.Body)
		}
		if r := otherAPI.get("/api/v1/t/beta/contracts.ocds.json"); r.Status != 404 {
			t.Fatalf("empty export: %d", r.Status)
		}
	})
	t.Run("OpenAPI lists the routes", func(t *testing.T) {
		doc := api.get("/api/v1/openapi.json").Body
		for _, p := range []string{"/api/v1/t/{slug}/advisor", "/api/v1/t/{slug}/contracts", "/api/v1/t/{slug}/contracts/seao", "/api/v1/t/{slug}/contracts.ocds.json"} {
			if !strings.Contains(doc, `"`+p+`"`) {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
	})
}
