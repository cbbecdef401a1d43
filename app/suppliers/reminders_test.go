package suppliers

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/jobs"
	"maillage/app/mail"
	"maillage/app/quebec"
	"maillage/app/uploads"
)

func TestRemindExpiring(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	tpl, err := mail.Load(os.DirFS("../../frontend/mail"))
	if err != nil {
		t.Fatal(err)
	}
	apps := NewApplications(e.db.App, e.st, tpl, "https://maillage.example", nil)
	acc := accounts.NewStore(e.db.App)
	if _, err := acc.GrantTenantRole(e.ctx, e.a.ID, "acheteuse@alpha.example", "buyer"); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.GrantTenantRole(e.ctx, e.b.ID, "acheteur@beta.example", "buyer"); err != nil {
		t.Fatal(err)
	}
	owner, err := acc.GrantPlatformRole(e.ctx, "marie@coop.example", "enterprise", nil)
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := uploads.OpenLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	day := date("2026-11-23")
	pdf, _ := uploads.Check(bytesReader([]byte("%PDF-1.4\n%%EOF\n")), "a.pdf", 0)
	s := e.add(t, e.a, "1143456789", "Coop Neige", nil)
	doc := func(typ, expires string) {
		t.Helper()
		d := date(expires)
		if _, err := e.st.AddDoc(e.ctx, e.a.ID, s.ID, NewDoc{Type: typ, ExpiresOn: &d}, &pdf, blobs); err != nil {
			t.Fatal(err)
		}
	}
	doc(DocInsurance, "2026-12-03")        // expiring in 10 days
	doc(DocRQAttestation, "2026-10-31")    // expired…
	doc(DocRQAttestation, "2027-01-31")    // …but renewed: silent
	doc(DocAMPAuthorization, "2027-06-30") // far: silent
	// The enterprise's own document, seen by the body it applied to.
	prof := Supplier{NEQ: "2264567890", LegalName: "Traiteur Solidaire", LegalForm: quebec.FormNonProfit}
	if _, err := apps.SaveProfile(e.ctx, owner.ID, e.ref, prof); err != nil {
		t.Fatal(err)
	}
	exp := date("2026-11-01")
	if _, err := apps.AddEnterpriseDoc(e.ctx, owner.ID, NewDoc{Type: DocRQAttestation, ExpiresOn: &exp}, pdf, blobs); err != nil {
		t.Fatal(err)
	}
	if _, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref); err != nil {
		t.Fatal(err)
	}
	outbox := func(template string) []string {
		var to []string
		if err := e.db.Owner.Raw(`SELECT to_address FROM mail_outbox WHERE template = ? ORDER BY id`, template).Scan(&to).Error; err != nil {
			t.Fatal(err)
		}
		return to
	}
	n, err := apps.RemindExpiring(context.Background(), day)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("sent %d reminders, want 2", n)
	}
	if got := outbox("document_expiring"); len(got) != 1 || got[0] != "acheteuse@alpha.example" {
		t.Errorf("expiring reminders to %v", got)
	}
	if got := outbox("document_expired"); len(got) != 1 || got[0] != "marie@coop.example" {
		t.Errorf("expired reminders to %v", got)
	}
	t.Run("once per document, state and date", func(t *testing.T) {
		if n, err := apps.RemindExpiring(context.Background(), day.AddDate(0, 0, 1)); err != nil || n != 0 {
			t.Fatalf("second run sent %d (%v)", n, err)
		}
	})
	t.Run("expiring becomes expired: one more", func(t *testing.T) {
		if n, err := apps.RemindExpiring(context.Background(), date("2026-12-04")); err != nil || n != 1 {
			t.Fatalf("run after expiry sent %d (%v)", n, err)
		}
	})
	t.Run("the other body hears nothing", func(t *testing.T) {
		var n int64
		if err := e.db.Owner.Raw(`SELECT count(*) FROM mail_outbox WHERE to_address = 'acheteur@beta.example'`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("beta's buyer got %d e-mails", n)
		}
	})
	t.Run("scheduled once a day through the job queue", func(t *testing.T) {
		for range 3 {
			if err := ScheduleReminders(e.db.App, date("2026-12-10")); err != nil {
				t.Fatal(err)
			}
		}
		var n int64
		if err := e.db.Owner.Raw(`SELECT count(*) FROM jobs WHERE kind = ?`, JobExpiryReminders).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d reminder jobs", n)
		}
		w := jobs.Worker{DB: e.db.App, Handlers: map[string]jobs.Handler{JobExpiryReminders: apps.ReminderJob(), mail.JobSend: mail.SendJob(e.db.App, nil)}}
		for {
			did, err := w.RunOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !did {
				break
			}
		}
		var open, kept int64
		if err := e.db.Owner.Raw(`SELECT count(*) FROM jobs WHERE done_at IS NULL`).Scan(&open).Error; err != nil {
			t.Fatal(err)
		}
		if err := e.db.Owner.Raw(`SELECT count(*) FROM mail_outbox WHERE status = 'kept'`).Scan(&kept).Error; err != nil {
			t.Fatal(err)
		}
		if open != 0 || kept == 0 {
			t.Errorf("%d jobs left, %d messages kept (dev sender never sends)", open, kept)
		}
	})
	_ = json.RawMessage{}
	_ = uuid.Nil
}
