package suppliers

import (
	"os"
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/quebec"
)

// TestApplicationsIsolation runs every application operation of body B on body A's
// application, and another enterprise's on the owner's: nothing is seen or changed.
func TestApplicationsIsolation(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	tpl, err := mail.Load(os.DirFS("../../frontend/mail"))
	if err != nil {
		t.Fatal(err)
	}
	apps := NewApplications(e.db.App, e.st, tpl, "https://maillage.example", nil)
	acc := accounts.NewStore(e.db.App)
	owner, _ := acc.GrantPlatformRole(e.ctx, "marie@coop.example", "enterprise", nil)
	stranger, _ := acc.GrantPlatformRole(e.ctx, "intrus@example.com", "enterprise", nil)
	if _, err := apps.SaveProfile(e.ctx, owner.ID, e.ref, Supplier{NEQ: "1143456789", LegalName: "Coop Neige", LegalForm: quebec.FormCooperative}); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.SaveProfile(e.ctx, stranger.ID, e.ref, Supplier{NEQ: "1143456789", LegalName: "Copie", LegalForm: quebec.FormOther}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("second profile with the same NEQ: %v", err)
	}
	if _, err := apps.SaveProfile(e.ctx, stranger.ID, e.ref, Supplier{NEQ: "2264567890", LegalName: "Autre coop", LegalForm: quebec.FormOther}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, neq, want string
		user            uuid.UUID
	}{
		{"the owner's NEQ", "1143456789", "1143456789", owner.ID},
		{"the owner's NEQ as typed", "1143 456 789", "1143456789", owner.ID},
		{"another enterprise's NEQ", "2264567890", "", owner.ID},
		{"the owner's NEQ for another user", "1143456789", "", stranger.ID},
	} {
		got, err := apps.OwnedNEQ(e.ctx, c.user, c.neq)
		if err != nil || got != c.want {
			t.Errorf("OwnedNEQ, %s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	ap, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref)
	if err != nil {
		t.Fatal(err)
	}
	buyer := Actor{Role: RoleBuyer, Label: "b@beta.example"}
	five := 5
	ops := []struct {
		name string
		run  func() error
		kind errs.Kind
	}{
		{"get", func() error { _, err := apps.Get(e.ctx, e.b.ID, ap.ID); return err }, errs.NotFound},
		{"act", func() error { _, err := apps.Act(e.ctx, e.b.ID, ap.ID, buyer, ActApprove, ""); return err }, errs.NotFound},
		{"score", func() error { return apps.Score(e.ctx, e.b.ID, ap.ID, &five, nil, nil) }, errs.NotFound},
		{"another enterprise answers", func() error {
			_, err := apps.Act(e.ctx, e.a.ID, ap.ID, Actor{Role: RoleEnterprise, UserID: stranger.ID}, ActWithdraw, "")
			return err
		}, errs.NotFound},
		{"another enterprise reads", func() error { _, err := apps.MyApplication(e.ctx, stranger.ID, e.a.ID, ap.ID); return err }, errs.NotFound},
		{"the enterprise approves itself", func() error {
			_, err := apps.Act(e.ctx, e.a.ID, ap.ID, Actor{Role: RoleEnterprise, UserID: owner.ID}, ActApprove, "")
			return err
		}, errs.Forbidden},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			if err := op.run(); !errs.Is(err, op.kind) {
				t.Fatalf("err = %v, want %s", err, op.kind)
			}
		})
	}
	t.Run("queues", func(t *testing.T) {
		qb, err := apps.Queue(e.ctx, e.b.ID, "")
		if err != nil || len(qb) != 0 {
			t.Fatalf("B's queue: %d %v", len(qb), err)
		}
		qa, _ := apps.Queue(e.ctx, e.a.ID, "")
		if len(qa) != 1 || qa[0].State != StateApplied {
			t.Fatalf("A's queue: %+v", qa)
		}
		mine, _ := apps.MyApplications(e.ctx, stranger.ID)
		if len(mine) != 0 {
			t.Fatalf("the stranger sees %d applications", len(mine))
		}
	})
	t.Run("no enterprise context: no applications", func(t *testing.T) {
		var n int64
		if err := e.db.App.Raw(`SELECT count(*) FROM applications`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("app role without context sees %d applications (%v)", n, err)
		}
	})
	_ = uuid.Nil
}

// TestRegisterActionReachesApplication: suspending an applicant's record from the
// register moves its application too, with the reason in its conversation.
func TestRegisterActionReachesApplication(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	tpl, err := mail.Load(os.DirFS("../../frontend/mail"))
	if err != nil {
		t.Fatal(err)
	}
	apps := NewApplications(e.db.App, e.st, tpl, "https://maillage.example", nil)
	owner, _ := accounts.NewStore(e.db.App).GrantPlatformRole(e.ctx, "marie@coop.example", "enterprise", nil)
	if _, err := apps.SaveProfile(e.ctx, owner.ID, e.ref, Supplier{NEQ: "1143456789", LegalName: "Coop Neige", LegalForm: quebec.FormCooperative}); err != nil {
		t.Fatal(err)
	}
	ap, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Act(e.ctx, e.a.ID, ap.ID, Actor{Role: RoleBuyer}, ActApprove, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.ChangeStatus(e.ctx, e.a.ID, *ap.SupplierID, ActSuspend, "Assurance échue"); err != nil {
		t.Fatal(err)
	}
	d, err := apps.MyApplication(e.ctx, owner.ID, e.a.ID, ap.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := d.Messages[len(d.Messages)-1]
	if d.State != StateSuspended || last.Action != "suspend" || last.Body != "Assurance échue" {
		t.Fatalf("application = %s, last message %+v", d.State, last)
	}
}
