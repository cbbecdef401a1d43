package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/app/web"
	"maillage/tenants"
)

// declarationFixture is a tenant with an adopted 2025 declaration, a few contracts, and its people.
type declarationFixture struct {
	e                      *env
	t                      tenants.Tenant
	decl                   declarations.Declaration
	admin, buyer, official *client
}

func newDeclarationFixture(t *testing.T) *declarationFixture {
	t.Helper()
	e := newEnv(t)
	e.Now = time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC)
	f := &declarationFixture{e: e, t: e.tenant("rimouski")}
	f.admin = e.member("admin@rimouski.test", &f.t, "tenant_admin")
	f.buyer = e.member("buyer@rimouski.test", &f.t, "buyer")
	f.official = e.member("elu@rimouski.test", &f.t, "official")
	store := declarations.NewStore(e.DB.App, func() time.Time { return e.Now })
	ctx := context.Background()
	d, err := store.Create(ctx, f.t.ID, declarations.Declaration{
		PeriodStart: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		TextFR: "La Ville s'engage.", Eligibility: declarations.Eligibility{Rule: declarations.BelowThreshold},
		Targets: []declarations.Target{
			{Key: "amount", Kind: declarations.EESAmount, Value: 200_000_00},
			{Key: "share", Kind: declarations.EESShare, Value: 2_000},
			{Key: "n", Kind: declarations.DistinctEES, Value: 6},
		},
		Commitments: []declarations.Commitment{{Key: "train", TextFR: "Former deux acheteurs", Status: declarations.InProgress, Evidence: "Une formation donnée"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = store.Adopt(ctx, f.t.ID, d.ID, "CM-2025-007", time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f.decl = d
	err = tenants.Tx(ctx, e.DB.App, f.t.ID, func(tx *gorm.DB) error {
		for _, c := range []struct {
			name      string
			ees       bool
			proc, cat string
			cents     int64
			on        string
		}{
			{"Coopérative Entretien Plus", true, "gre_a_gre", "76111500", 48_500_00, "2025-02-03"},
			{"Imprime-Emploi", true, "invitation", "82121500", 60_000_00, "2025-03-14"},
			{"Béton Québec inc.", false, "public_call", "72101500", 400_000_00, "2025-04-01"},
		} {
			if err := tx.Exec(`INSERT INTO contracts (tenant_id, supplier_name, supplier_ees, object, category, nature, procedure, awarded_cents, awarded_on, source)
				VALUES (?, ?, ?, 'Objet', ?, 'services', ?, ?, ?, 'typed')`, f.t.ID, c.name, c.ees, c.cat, c.proc, c.cents, c.on).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestOfficialReadsProgress(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	base := "/t/rimouski"
	tests := []struct {
		name, path string
		want       []string
	}{
		{"dashboard", base + "/progress", []string{"108\u00a0500\u00a0$", "200\u00a0000\u00a0$", "CM-2025-007", `role="img"`,
			"Coopérative Entretien Plus", "Former deux acheteurs", "<table"}},
		{"drill-down", base + "/progress/targets/amount?declaration=" + f.decl.ID, []string{"Imprime-Emploi", "60\u00a0000\u00a0$", "2 contrats derrière"}},
		{"printable report", base + "/progress/report", []string{"Rapport au conseil", "108\u00a0500\u00a0$"}},
		{"declaration", base + "/declarations/" + f.decl.ID, []string{"CM-2025-007", "Former deux acheteurs"}},
		{"API progress", "/api/v1/t/rimouski/progress", []string{`"ees_spend":10850000`, `"current":10850000`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.official.get(tc.path)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d: %.400s", r.Status, r.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if strings.Contains(r.Body, " style=") || strings.Contains(r.Body, "<script>") {
				t.Errorf("inline style or script in the page")
			}
		})
	}
	t.Run("PDF report", func(t *testing.T) {
		r := f.official.get(base + "/progress/report.pdf")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Fatalf("status %d type %q", r.Status, r.Header.Get("Content-Type"))
		}
	})
}

// TestOfficialCannotWrite tries every write route of this area as an official: 403, nothing changed.
func TestOfficialCannotWrite(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	id := f.decl.ID
	n := 0
	for _, r := range f.e.Srv.Routes() {
		if r.Method == http.MethodGet || (r.Obj != "declarations" && r.Obj != "contacts" && r.Obj != "progress") {
			continue
		}
		path := strings.NewReplacer(":slug", "rimouski", ":id", id, ":key", "train").Replace(r.Path)
		n++
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			var res resp
			if r.IsAPI() {
				res = f.official.sendJSON(r.Method, path, map[string]any{"status": "done", "resolution_number": "X", "kind": "call", "enterprise_name": "X"})
			} else {
				res = f.official.postForm(path, url.Values{"status": {"done"}, "public": {"on"}, "enterprise_name": {"X"}, "kind": {"call"}})
			}
			if res.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", res.Status)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d write routes found", n)
	}
	store := declarations.NewStore(f.e.DB.App, nil)
	d, err := store.Get(context.Background(), f.t.ID, id)
	if err != nil || d.Version != 1 || d.Commitments[0].Status != declarations.InProgress {
		t.Errorf("declaration changed: %+v %v", d, err)
	}
	if on, _ := store.PublicProgress(context.Background(), f.t.ID); on {
		t.Errorf("public switch changed")
	}
}

func TestDeclarationPagesAreTenantIsolated(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	other := f.e.tenant("sherbrooke")
	stranger := f.e.member("admin@sherbrooke.test", &other, "tenant_admin")
	for _, p := range []string{"/t/rimouski/progress", "/t/rimouski/declarations/" + f.decl.ID, "/api/v1/t/rimouski/progress",
		"/api/v1/t/rimouski/declarations/" + f.decl.ID} {
		if r := stranger.get(p); r.Status != http.StatusNotFound {
			t.Errorf("%s as another tenant's admin: %d, want 404", p, r.Status)
		}
	}
	// Through its own slug, the other tenant reaches nothing of rimouski's either.
	for _, p := range []string{"/t/sherbrooke/declarations/" + f.decl.ID, "/api/v1/t/sherbrooke/declarations/" + f.decl.ID,
		"/t/sherbrooke/progress/targets/amount?declaration=" + f.decl.ID} {
		if r := stranger.get(p); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.Status)
		}
	}
	if r := stranger.sendJSON("PUT", "/api/v1/t/sherbrooke/declarations/"+f.decl.ID+"/commitments/train", map[string]any{"status": "done"}); r.Status != http.StatusNotFound {
		t.Errorf("commitment update across tenants: %d", r.Status)
	}
	if r := stranger.get("/api/v1/t/sherbrooke/declarations"); r.Status != 200 || !strings.Contains(r.Body, `"items":[]`) {
		t.Errorf("other tenant's list: %d %s", r.Status, r.Body)
	}
}

func TestDeclarationFormAndBadInput(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	form := func(start, end, amount, share string) url.Values {
		return url.Values{"period_start": {start}, "period_end": {end}, "text_fr": {"Texte"}, "eligibility_rule": {"below_threshold"},
			"target_count": {"3"}, "target_0_kind": {"ees_amount"}, "target_0_value": {amount},
			"target_1_kind": {"ees_share"}, "target_1_value": {share}, "target_2_kind": {""}, "target_2_value": {""},
			"commitment_count": {"1"}, "commitment_0_text_fr": {"Inviter des EES"}, "commitment_0_status": {"planned"}}
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		msg    string
	}{
		{"overlapping period", form("2025-06-01", "2026-05-31", "100 000", "15"), 409, "chevauche"},
		{"ends before it starts", form("2026-12-31", "2026-01-01", "100 000", "15"), 422, "ne peut pas se terminer avant de commencer"},
		{"negative target", form("2026-01-01", "2026-12-31", "-5", "15"), 422, "ne peut pas être négative"},
		{"share over 100 %", form("2026-01-01", "2026-12-31", "100 000", "120"), 422, "ne peut pas dépasser 100"},
		{"unreadable amount", form("2026-01-01", "2026-12-31", "beaucoup", "15"), 422, "pas un nombre lisible"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.admin.postForm("/t/rimouski/declarations", tc.form)
			if r.Status != tc.status || !strings.Contains(r.Body, tc.msg) {
				t.Fatalf("status %d, want %d with %q: %.300s", r.Status, tc.status, tc.msg, r.Body)
			}
			if r := f.admin.get("/api/v1/t/rimouski/declarations"); strings.Count(r.Body, `"period_start"`) != 1 {
				t.Errorf("a refused form created a declaration")
			}
		})
	}
	t.Run("a valid form creates a draft with its targets in cents and basis points", func(t *testing.T) {
		r := f.admin.postForm("/t/rimouski/declarations", form("2026-01-01", "2026-12-31", "250 000,50 $", "12,5"))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
		id := regexp.MustCompile(`/declarations/([0-9a-f-]{36})$`).FindStringSubmatch(r.Header.Get("Location"))
		if id == nil {
			t.Fatalf("location %q", r.Header.Get("Location"))
		}
		d, err := declarations.NewStore(f.e.DB.App, nil).Get(context.Background(), f.t.ID, id[1])
		if err != nil || len(d.Targets) != 2 || d.Targets[0].Value != 250_000_50 || d.Targets[1].Value != 1_250 || d.Status != declarations.Draft {
			t.Errorf("created = %+v %v", d, err)
		}
	})
	t.Run("the form renders with its model text", func(t *testing.T) {
		r := f.admin.get("/t/rimouski/declarations/new")
		if r.Status != 200 || !strings.Contains(r.Body, "Considérant que les entreprises") {
			t.Errorf("new form: %d", r.Status)
		}
	})
}

func TestDeclarationAPI(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	api := f.e.tokenClient(userID(t, f.e, "admin@rimouski.test"))
	body := map[string]any{"period_start": "2026-01-01", "period_end": "2026-12-31", "text_fr": "Texte 2026",
		"eligibility": map[string]any{"rule": "all"},
		"targets":     []map[string]any{{"key": "a", "kind": "ees_amount", "value": 30_000_000}}}
	r := api.sendJSON("POST", "/api/v1/t/rimouski/declarations", body)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created declarations.Declaration
	r.json(t, &created)
	steps := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		want   string
	}{
		{"bad share is a problem document", "PUT", "/declarations/" + created.ID, map[string]any{"period_start": "2026-01-01", "period_end": "2026-12-31", "text_fr": "T",
			"eligibility": map[string]any{"rule": "all"}, "targets": []map[string]any{{"key": "s", "kind": "ees_share", "value": 12_000}}}, 422, `"code":"declarations.target_share_over_100"`},
		{"unknown field refused", "POST", "/declarations", map[string]any{"period_start": "2027-01-01", "colour": "red"}, 422, `"code":"errors.invalid_input"`},
		{"adopt", "POST", "/declarations/" + created.ID + "/adopt", map[string]any{"resolution_number": "CM-2025-200", "resolution_date": "2025-06-30"}, 200, `"status":"adopted"`},
		{"edit after adoption is version 2", "PUT", "/declarations/" + created.ID, map[string]any{"period_start": "2026-01-01", "period_end": "2026-12-31", "text_fr": "Texte 2026",
			"eligibility": map[string]any{"rule": "all"}, "targets": []map[string]any{{"key": "a", "kind": "ees_amount", "value": 35_000_000}}}, 200, `"version":2`},
		{"history", "GET", "/declarations/" + created.ID + "/history", nil, 200, `"old":30000000,"new":35000000`},
		{"contact", "POST", "/contacts", map[string]any{"date": "2025-06-30", "kind": "event", "enterprise_name": "Coop Nord"}, 201, `"kind":"event"`},
		{"future contact refused", "POST", "/contacts", map[string]any{"date": "2025-07-02", "kind": "event", "enterprise_name": "Coop Nord"}, 422, `declarations.contact_date_future`},
		{"contacts", "GET", "/contacts", nil, 200, `"enterprise_name":"Coop Nord"`},
		{"public page switched on", "PUT", "/progress/public", map[string]any{"public": true}, 200, `"public":true`},
		{"an adopted declaration cannot be deleted", "DELETE", "/declarations/" + created.ID, nil, 409, `declarations.adopted_cannot_delete`},
		{"progress of a chosen declaration", "GET", "/progress?declaration=" + f.decl.ID + "&as_of=2025-06-30", nil, 200, `"contacts":1`},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var r resp
			if s.method == "GET" {
				r = api.get("/api/v1/t/rimouski" + s.path)
			} else {
				r = api.sendJSON(s.method, "/api/v1/t/rimouski"+s.path, s.body)
			}
			if r.Status != s.status || !strings.Contains(r.Body, s.want) {
				t.Errorf("status %d, want %d with %s: %.500s", r.Status, s.status, s.want, r.Body)
			}
		})
	}
}

func TestPublicProgressSwitch(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	if r := f.e.anon().get("/t/rimouski/public/progress"); r.Status != http.StatusNotFound {
		t.Fatalf("public page before switching on: %d", r.Status)
	}
	if r := f.admin.postForm("/t/rimouski/progress/public", url.Values{"public": {"on"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("switch: %d %s", r.Status, r.Body)
	}
	r := f.e.anon().get("/t/rimouski/public/progress")
	if r.Status != 200 || !strings.Contains(r.Body, "108\u00a0500\u00a0$") {
		t.Errorf("public page: %d", r.Status)
	}
	if strings.Contains(r.Body, "/progress/targets/") {
		t.Errorf("the public page links to the members' drill-down")
	}
}

func userID(t *testing.T, e *env, email string) uuid.UUID {
	t.Helper()
	var id string
	if err := e.DB.App.Raw(`SELECT id::text FROM users WHERE email = ?`, email).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	return uuid.MustParse(id)
}

var _ = web.Tenant

func TestDashboardComparesWithThePreviousPeriod(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	store := declarations.NewStore(f.e.DB.App, nil)
	if _, err := store.Create(context.Background(), f.t.ID, declarations.Declaration{
		PeriodStart: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		TextFR: "Texte 2024", Eligibility: declarations.Eligibility{Rule: declarations.AllSpend}}); err != nil {
		t.Fatal(err)
	}
	if err := tenants.Tx(context.Background(), f.e.DB.App, f.t.ID, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO contracts (tenant_id, supplier_name, supplier_ees, object, nature, procedure, awarded_cents, awarded_on, source)
			VALUES (?, 'Coop 2024', true, 'Objet', 'services', 'gre_a_gre', 1234500, '2024-06-01', 'typed')`, f.t.ID).Error
	}); err != nil {
		t.Fatal(err)
	}
	r := f.official.get("/t/rimouski/progress")
	for _, w := range []string{"Comparaison avec la période précédente", "du 1 janv. 2024 au 31 déc. 2024", "12\u00a0345\u00a0$"} {
		if !strings.Contains(r.Body, w) {
			t.Errorf("dashboard lacks %q", w)
		}
	}
}

func TestContactLogForm(t *testing.T) {
	t.Parallel()
	f := newDeclarationFixture(t)
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"a contact in the future", url.Values{"date": {"2025-07-02"}, "kind": {"visit"}, "enterprise_name": {"Coop Nord"}}, 422, "ne peut pas être dans le futur"},
		{"no enterprise", url.Values{"date": {"2025-06-30"}, "kind": {"visit"}}, 422, "Choisissez une entreprise du registre"},
		{"a visit", url.Values{"date": {"2025-06-30"}, "kind": {"visit"}, "enterprise_name": {"Coop Nord"}, "outcome": {"Invitée"}}, http.StatusSeeOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.buyer.postForm("/t/rimouski/contacts", tc.form)
			if r.Status != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("status %d, want %d with %q: %.300s", r.Status, tc.status, tc.want, r.Body)
			}
		})
	}
	r := f.buyer.get("/t/rimouski/contacts")
	if strings.Count(r.Body, "Coop Nord") != 1 || !strings.Contains(r.Body, "Visite d&#39;entreprise") {
		t.Errorf("contact list: %.500s", r.Body)
	}
	if r := f.official.get("/t/rimouski/contacts"); r.Status != http.StatusForbidden {
		t.Errorf("official reads the contact log: %d", r.Status)
	}
	if r := f.official.get("/t/rimouski/progress"); !strings.Contains(r.Body, "Contacts avec des entreprises") {
		t.Errorf("dashboard without maillage indicators")
	}
}
