package flows_test

import (
	"context"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"maillage/app/billing"
	"maillage/app/errs"
	"maillage/app/flows"
	"maillage/app/mail"
	"maillage/app/rules"
	"maillage/app/signups"
	"maillage/app/testdb"
	"maillage/frontend"
	"maillage/tenants"
)

type env struct {
	t    *testing.T
	db   *testdb.DB
	now  time.Time
	su   *signups.Service
	bill *billing.Service
	flow *flows.Signups
}

func newEnv(t *testing.T) *env {
	t.Helper()
	sub, err := fs.Sub(frontend.Mail, "mail")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mail.Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: testdb.New(t), now: time.Date(2026, 12, 5, 14, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.su = signups.NewService(e.db.App, clock, tpl, "https://maillage.example")
	e.bill = billing.NewService(e.db.App, clock, billing.Config{TrialDays: 60}, nil)
	e.flow = flows.NewSignups(e.db.App, clock, e.su, e.bill)
	return e
}

// token reads the confirmation link of the last e-mail sent to addr.
func (e *env) token(addr string) string {
	e.t.Helper()
	msgs, err := mail.Recent(context.Background(), e.db.App, addr, 1)
	if err != nil || len(msgs) == 0 {
		e.t.Fatalf("no e-mail to %s (%v)", addr, err)
	}
	i := strings.Index(msgs[0].Text, "jeton=")
	if i < 0 {
		e.t.Fatalf("no link in %q", msgs[0].Text)
	}
	tok := strings.Fields(msgs[0].Text[i+len("jeton="):])[0]
	v, _ := url.QueryUnescape(tok)
	return v
}

func (e *env) count(q string, args ...any) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Owner.Raw(q, args...).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func acton(email string) signups.Request {
	return signups.Request{BodyName: "Ville d'Acton Vale", Kind: "municipality", MunicipalityCode: "48028", PersonName: "Lise Tremblay",
		Email: email, AcceptTerms: true}
}

func TestSubmitValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		mutate func(*signups.Request)
		field  string
	}{
		{"no terms", func(r *signups.Request) { r.AcceptTerms = false }, "accept_terms"},
		{"bad e-mail", func(r *signups.Request) { r.Email = "lise@" }, "email"},
		{"e-mail with a name", func(r *signups.Request) { r.Email = "Lise <lise@x.ca>" }, "email"},
		{"kind unknown", func(r *signups.Request) { r.Kind = "enterprise" }, "kind"},
		{"municipality missing", func(r *signups.Request) { r.MunicipalityCode = "" }, "municipality_code"},
		{"municipality not in MAMH", func(r *signups.Request) { r.MunicipalityCode = "99999" }, "municipality_code"},
		{"MRC missing", func(r *signups.Request) { r.Kind, r.MunicipalityCode = "mrc", "" }, "mrc_code"},
		{"other body without identification", func(r *signups.Request) { r.Kind = "regie" }, "identification"},
		{"control character", func(r *signups.Request) { r.BodyName = "Ville\x00" }, "body_name"},
		{"name too short", func(r *signups.Request) { r.PersonName = "L" }, "person_name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := acton("lise@ville.actonvale.qc.ca")
			c.mutate(&r)
			_, err := e.su.Submit(ctx, r)
			if ee := errs.As(err); ee == nil || ee.Kind != errs.Invalid || !hasField(ee, c.field) {
				t.Fatalf("err = %v, want Invalid on %s", err, c.field)
			}
			if n := e.count(`SELECT count(*) FROM signups`); n != 0 {
				t.Fatalf("%d sign-ups stored after bad input", n)
			}
			if n := e.count(`SELECT count(*) FROM mail_outbox`); n != 0 {
				t.Fatalf("%d e-mails queued after bad input", n)
			}
		})
	}
}

func hasField(e *errs.Error, f string) bool {
	for _, x := range e.Fields {
		if x.Field == f {
			return true
		}
	}
	return false
}

func TestOfficialDomain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		req      signups.Request
		verified bool
	}{
		{"town-hall domain", acton("lise@ville.actonvale.qc.ca"), true},
		{"subdomain of it", acton("lise@rh.ville.actonvale.qc.ca"), true},
		{"upper case", acton("Marc@Ville.ActonVale.qc.ca"), true},
		{"parent domain only", acton("lise@actonvale.qc.ca"), false},
		{"look-alike", acton("lise@evil-ville.actonvale.qc.ca"), false},
		{"public webmail", acton("lise@gmail.com"), false},
		{"another town's domain", acton("lise@abercorn.ca"), false},
		{"MRC on its shared domain", signups.Request{BodyName: "MRC Pontiac", Kind: "mrc", MRCCode: "840", PersonName: "Paul Roy", Email: "paul@mrcpontiac.qc.ca", AcceptTerms: true}, true},
		{"municipality on its MRC's shared domain", signups.Request{BodyName: "Bryson", Kind: "municipality", MunicipalityCode: "84025", PersonName: "Paul Roy", Email: "paul@mrcpontiac.qc.ca", AcceptTerms: true}, false},
		{"ministry", signups.Request{BodyName: "Ministère X", Kind: "ministry", Identification: "Loi sur le ministère X", PersonName: "Ann Roy", Email: "ann@x.gouv.qc.ca", AcceptTerms: true}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := e.su.Submit(ctx, c.req)
			if err != nil {
				t.Fatal(err)
			}
			if s.Verified != c.verified || s.Status != signups.AwaitingEmail {
				t.Fatalf("verified %v status %s, want %v", s.Verified, s.Status, c.verified)
			}
		})
	}
}

func TestConfirmApproveRefuse(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	t.Run("verified: confirmation approves at once, in one transaction", func(t *testing.T) {
		if _, err := e.su.Submit(ctx, acton("lise@ville.actonvale.qc.ca")); err != nil {
			t.Fatal(err)
		}
		tok := e.token("lise@ville.actonvale.qc.ca")
		s, tn, err := e.flow.Confirm(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status != signups.Approved || tn == nil || tn.Slug != "ville-d-acton-vale" || tn.Population == nil || *tn.Population != 7978 {
			t.Fatalf("signup %+v tenant %+v", s, tn)
		}
		checkBody(t, e, *tn, "lise@ville.actonvale.qc.ca")
		if _, _, err := e.flow.Confirm(ctx, tok); err != nil {
			t.Fatalf("a second click: %v", err)
		}
		if n := e.count(`SELECT count(*) FROM tenants`); n != 1 {
			t.Fatalf("%d bodies after a second click", n)
		}
		if _, err := e.su.Submit(ctx, acton("paul@ville.actonvale.qc.ca")); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("signing up a municipality already on Maillage: err = %v", err)
		}
	})
	t.Run("not verified: waits for the platform admin", func(t *testing.T) {
		r := signups.Request{BodyName: "Régie des déchets du Haut", Kind: "regie", Identification: "Décret 123-2020", PersonName: "Ann Roy",
			Email: "ann@regie-haut.ca", AcceptTerms: true}
		s, err := e.su.Submit(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.flow.Approve(ctx, s.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("approval before the e-mail is confirmed: err = %v", err)
		}
		if _, err := e.su.Submit(ctx, r); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("the same request twice: err = %v", err)
		}
		got, tn, err := e.flow.Confirm(ctx, e.token("ann@regie-haut.ca"))
		if err != nil || tn != nil || got.Status != signups.Pending {
			t.Fatalf("confirm: %+v %v %v", got, tn, err)
		}
		body, err := e.flow.Approve(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkBody(t, e, body, "ann@regie-haut.ca")
		if _, err := e.flow.Approve(ctx, s.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second approval: err = %v", err)
		}
		if _, err := e.su.Refuse(ctx, s.ID, "trop tard"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("refusing an approved request: err = %v", err)
		}
	})
	t.Run("refused with a reason the person receives", func(t *testing.T) {
		s, err := e.su.Submit(ctx, signups.Request{BodyName: "Ville fictive", Kind: "other", Identification: "aucune preuve", PersonName: "Zed",
			Email: "zed@example.com", AcceptTerms: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.su.Refuse(ctx, s.ID, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("refusal without a reason: err = %v", err)
		}
		if _, err := e.su.Refuse(ctx, s.ID, "Organisme introuvable au registre."); err != nil {
			t.Fatal(err)
		}
		msgs, err := mail.Recent(ctx, e.db.App, "zed@example.com", 1)
		if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Text, "Organisme introuvable au registre.") {
			t.Fatalf("refusal e-mail: %+v %v", msgs, err)
		}
		if n := e.count(`SELECT count(*) FROM platform_audit_log WHERE action = 'signup.refuse' AND object_id = ?`, s.ID.String()); n != 1 {
			t.Fatalf("%d audit entries for the refusal", n)
		}
	})
	t.Run("expired and unknown links", func(t *testing.T) {
		r := acton("late@gmail.com")
		r.BodyName, r.MunicipalityCode = "Abercorn", "46005"
		if _, err := e.su.Submit(ctx, r); err != nil {
			t.Fatal(err)
		}
		tok := e.token("late@gmail.com")
		e.now = e.now.Add(49 * time.Hour)
		defer func() { e.now = e.now.Add(-49 * time.Hour) }()
		if _, _, err := e.flow.Confirm(ctx, tok); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("expired link: err = %v", err)
		}
		if _, _, err := e.flow.Confirm(ctx, "nope"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown link: err = %v", err)
		}
	})
}

// checkBody checks what approval composes: the body, its first admin (unbound until first login), the
// default policy, the trial, the approval audited and the e-mail queued.
func checkBody(t *testing.T, e *env, tn tenants.Tenant, email string) {
	t.Helper()
	ctx := context.Background()
	var roles []string
	if err := tenants.ReadTx(ctx, e.db.App, tn.ID, func(tx *gorm.DB) error {
		return tx.Raw(`SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? AND u.email = ? AND u.issuer IS NULL`,
			tn.ID, email).Scan(&roles).Error
	}); err != nil {
		t.Fatal(err)
	}
	if len(roles) != 1 || roles[0] != "tenant_admin" {
		t.Fatalf("first admin roles = %v", roles)
	}
	pols, err := rules.NewStore(e.db.App, nil).Policies(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pols) != 1 || pols[0].ResolutionNumber != rules.PlaceholderResolution {
		t.Fatalf("policies = %+v", pols)
	}
	// The stub is no RGC: the advisor answers from the law alone and says the RGC was not entered.
	sa, err := rules.NewStore(e.db.App, nil).AdviseAndSave(ctx, tn.ID, rules.BodyOfKind(tn.Kind),
		rules.Purchase{Object: "Déneigement", Category: "72102900", Nature: rules.Services, Amount: 2_400_000, LaunchDate: e.now})
	if err != nil {
		t.Fatal(err)
	}
	if !sa.Advice.LawOnly || sa.Advice.PolicyVersion != "" || !slices.Contains(sa.Advice.MessageIDs(), "rules.warn.no_policy") {
		t.Fatalf("advice with the sign-up stub: law_only=%v policy=%q messages=%v", sa.Advice.LawOnly, sa.Advice.PolicyVersion, sa.Advice.MessageIDs())
	}
	sub, err := e.bill.Store.Subscription(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sub == nil || sub.Status != "trialing" || sub.TrialEndsAt == nil || !sub.TrialEndsAt.Equal(e.now.Add(60*24*time.Hour)) || sub.BillingEmail != email {
		t.Fatalf("subscription = %+v", sub)
	}
	if n := e.count(`SELECT count(*) FROM platform_audit_log WHERE action = 'signup.approve' AND after->>'tenant_id' = ?`, tn.ID.String()); n != 1 {
		t.Fatalf("%d approval audit entries", n)
	}
	msgs, err := mail.Recent(ctx, e.db.App, email, 1)
	if err != nil || len(msgs) != 1 || msgs[0].Template != "signup_approved" || !strings.Contains(msgs[0].Text, "/t/"+tn.Slug+"/login") {
		t.Fatalf("approval e-mail: %+v %v", msgs, err)
	}
}

func TestApprovalIsOneTransaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	s, err := e.su.Submit(ctx, signups.Request{BodyName: "Régie X", Kind: "regie", Identification: "Décret 1-2020", PersonName: "Ann Roy",
		Email: "ann@regie-x.ca", AcceptTerms: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.flow.Confirm(ctx, e.token("ann@regie-x.ca")); err != nil {
		t.Fatal(err)
	}
	// No price for régies any more: the trial cannot start, so nothing of the approval may remain.
	if err := e.db.Owner.Exec(`UPDATE billing_plans SET valid_from = '2030-01-01' WHERE kind = 'regie'`).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := e.flow.Approve(ctx, s.ID); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("err = %v, want the missing plan", err)
	}
	for _, q := range []string{`SELECT count(*) FROM tenants`, `SELECT count(*) FROM users WHERE email = 'ann@regie-x.ca'`,
		`SELECT count(*) FROM platform_audit_log WHERE action = 'signup.approve'`, `SELECT count(*) FROM signups WHERE status = 'approved'`} {
		if n := e.count(q); n != 0 {
			t.Fatalf("%s = %d after a failed approval", q, n)
		}
	}
}

func TestSlugify(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"Ville de Saint-Éloi": "ville-de-saint-eloi", "  MRC  L'Islet ": "mrc-l-islet", "—": "organisme",
		"Municipalité de Sainte-Anne-de-la-Pérade et de ses environs lointains": "municipalite-de-sainte-anne-de-la-perade-et-de-ses"} {
		t.Run(in, func(t *testing.T) {
			if got := flows.Slugify(in); got != want {
				t.Fatalf("Slugify(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
