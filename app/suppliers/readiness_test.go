package suppliers

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/quebec"
	"maillage/app/uploads"
)

func pdf(t *testing.T, name string) uploads.File {
	t.Helper()
	f, err := uploads.Check(bytes.NewReader([]byte("%PDF-1.4\n% test\n")), name, uploads.DefaultMaxBytes)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func day(s string) *time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return &d
}

// A body that requires the Revenu Québec attestation receives no application without a valid one; an answer
// can carry a document; superseded documents are replaced or withdrawn and then count no more.
func TestRequiredDocumentsAttachmentsAndWithdrawal(t *testing.T) {
	e := newStoreEnv(t)
	tpl, err := mail.Load(os.DirFS("../../frontend/mail"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	apps := NewApplications(e.db.App, e.st, tpl, "https://maillage.example", func() time.Time { return now })
	blobs, err := uploads.OpenLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	acc := accounts.NewStore(e.db.App)
	owner, _ := acc.GrantPlatformRole(e.ctx, "marie@coop.example", "enterprise", nil)
	stranger, _ := acc.GrantPlatformRole(e.ctx, "intrus@example.com", "enterprise", nil)
	for _, u := range []struct {
		id        uuid.UUID
		neq, name string
	}{{owner.ID, "1143456789", "Coop Neige"}, {stranger.ID, "2264567890", "Autre"}} {
		if _, err := apps.SaveProfile(e.ctx, u.id, e.ref, Supplier{NEQ: quebec.NEQ(u.neq), LegalName: u.name, LegalForm: quebec.FormCooperative}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.SaveDocType(e.ctx, e.a.ID, DocType{Code: DocRQAttestation, Required: true, WarnDays: 30}); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SaveDocType(e.ctx, e.a.ID, DocType{Code: DocRENACheck, Required: true, WarnDays: 30}); err != nil {
		t.Fatal(err)
	}

	t.Run("refused without the required document; the RENA check is never asked", func(t *testing.T) {
		_, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref)
		ee := errs.As(err)
		if ee == nil || ee.Key != "suppliers.apply_documents_missing" || len(ee.Fields) != 1 || ee.Fields[0].Args["Type"] != DocRQAttestation {
			t.Fatalf("apply: %v %+v", err, ee)
		}
		if q, _ := apps.Queue(e.ctx, e.a.ID, ""); len(q) != 0 {
			t.Fatal("a refused application reached the queue")
		}
	})
	expired, err := apps.AddEnterpriseDoc(e.ctx, owner.ID, NewDoc{Type: DocRQAttestation, IssuedOn: day("2025-01-10"), ExpiresOn: day("2025-04-10")}, pdf(t, "2025.pdf"), blobs)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an expired one does not count", func(t *testing.T) {
		if _, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref); !errs.Is(err, errs.Invalid) {
			t.Fatalf("apply with an expired attestation: %v", err)
		}
		r, err := apps.Readiness(e.ctx, e.a.ID, owner.ID)
		if err != nil || len(r) != 1 || r[0].State != DocExpired || r[0].Ready() {
			t.Fatalf("readiness %+v %v", r, err)
		}
	})
	var current DocInfo
	t.Run("replaced by a valid one: the old one is withdrawn and the application goes", func(t *testing.T) {
		current, err = apps.AddEnterpriseDoc(e.ctx, owner.ID, NewDoc{Type: DocRQAttestation, IssuedOn: day("2026-05-01"),
			ExpiresOn: day("2026-08-01"), Replaces: &expired.ID}, pdf(t, "2026.pdf"), blobs)
		if err != nil {
			t.Fatal(err)
		}
		docs, _ := apps.MyDocs(e.ctx, owner.ID)
		if len(docs) != 1 || docs[0].ID != current.ID {
			t.Fatalf("after replacing: %+v", docs)
		}
		if _, err := apps.Apply(e.ctx, e.a.ID, owner.ID, e.ref); err != nil {
			t.Fatalf("apply: %v", err)
		}
	})
	t.Run("another enterprise cannot withdraw it, nor replace it", func(t *testing.T) {
		if err := apps.WithdrawEnterpriseDoc(e.ctx, stranger.ID, current.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("stranger withdraws: %v", err)
		}
		if _, err := apps.AddEnterpriseDoc(e.ctx, stranger.ID, NewDoc{Type: DocRQAttestation, Replaces: &current.ID}, pdf(t, "x.pdf"), blobs); !errs.Is(err, errs.NotFound) {
			t.Fatalf("stranger replaces: %v", err)
		}
		if docs, _ := apps.MyDocs(e.ctx, stranger.ID); len(docs) != 0 {
			t.Fatalf("a refused replacement left a document: %+v", docs)
		}
	})
	q, _ := apps.Queue(e.ctx, e.a.ID, "")
	if len(q) != 1 {
		t.Fatalf("queue %d", len(q))
	}
	appID := q[0].ID
	buyer := Actor{Role: RoleBuyer, Label: "acheteur@alpha.example"}
	if _, err := apps.Act(e.ctx, e.a.ID, appID, buyer, ActRequestInfo, "Votre attestation d’assurance ?"); err != nil {
		t.Fatal(err)
	}
	me := Actor{Role: RoleEnterprise, UserID: owner.ID, Label: "marie@coop.example"}
	t.Run("an answer with a bad document changes nothing", func(t *testing.T) {
		_, err := apps.ActWith(e.ctx, e.a.ID, appID, me, ActAnswer, "La voici", &Attachment{Doc: NewDoc{Type: "Pas un type"}, File: pdf(t, "a.pdf"), Blobs: blobs})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad type: %v", err)
		}
		d, _ := apps.Get(e.ctx, e.a.ID, appID)
		if d.State != StateInfoRequested || len(d.Messages) != 2 {
			t.Fatalf("state %s, %d messages", d.State, len(d.Messages))
		}
	})
	t.Run("an answer carries a document the buyer sees and downloads", func(t *testing.T) {
		if _, err := apps.ActWith(e.ctx, e.a.ID, appID, me, ActAnswer, "La voici", &Attachment{Doc: NewDoc{Type: DocInsurance, ExpiresOn: day("2027-01-01")},
			File: pdf(t, "assurance.pdf"), Blobs: blobs}); err != nil {
			t.Fatal(err)
		}
		d, err := apps.Get(e.ctx, e.a.ID, appID)
		if err != nil {
			t.Fatal(err)
		}
		last := d.Messages[len(d.Messages)-1]
		if last.DocumentID == nil || last.DocumentName != "assurance.pdf" || last.DocumentType != DocInsurance {
			t.Fatalf("last message %+v", last)
		}
		if _, err := e.st.Doc(e.ctx, e.a.ID, *last.DocumentID); err != nil {
			t.Fatalf("buyer download: %v", err)
		}
		if _, err := e.st.Doc(e.ctx, e.b.ID, *last.DocumentID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another body downloads: %v", err)
		}
	})
	t.Run("a withdrawn document is gone for the body and for the readiness", func(t *testing.T) {
		if err := apps.WithdrawEnterpriseDoc(e.ctx, owner.ID, current.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Doc(e.ctx, e.a.ID, current.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("withdrawn still downloadable by the body: %v", err)
		}
		r, _ := apps.Readiness(e.ctx, e.a.ID, owner.ID)
		if len(r) != 1 || r[0].State != DocMissing {
			t.Fatalf("readiness after withdrawal %+v", r)
		}
		if err := apps.WithdrawEnterpriseDoc(e.ctx, owner.ID, current.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("withdrawn twice: %v", err)
		}
	})
}

// The body's own documents on a supplier: a newer one of a type marks the older superseded; withdrawing takes
// it out of the list and of the document state; another body cannot withdraw it.
func TestSupplierDocumentsSupersededAndWithdrawn(t *testing.T) {
	e := newStoreEnv(t)
	blobs, err := uploads.OpenLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := e.add(t, e.a, "1143456789", "Coop Neige", nil)
	f1, f2 := pdf(t, "2025.pdf"), pdf(t, "2026.pdf")
	old, err := e.st.AddDoc(e.ctx, e.a.ID, s.ID, NewDoc{Type: DocInsurance, ExpiresOn: day("2026-01-01")}, &f1, blobs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.AddDoc(e.ctx, e.a.ID, s.ID, NewDoc{Type: DocInsurance, ExpiresOn: day("2027-01-01")}, &f2, blobs); err != nil {
		t.Fatal(err)
	}
	docs, _ := e.st.Docs(e.ctx, e.a.ID, s.ID)
	if len(docs) != 2 || docs[0].Superseded || !docs[1].Superseded || docs[1].ID != old.ID {
		t.Fatalf("docs %+v", docs)
	}
	if err := e.st.WithdrawDoc(e.ctx, e.b.ID, s.ID, old.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another body withdraws: %v", err)
	}
	if err := e.st.WithdrawDoc(e.ctx, e.a.ID, s.ID, old.ID); err != nil {
		t.Fatal(err)
	}
	if docs, _ := e.st.Docs(e.ctx, e.a.ID, s.ID); len(docs) != 1 || docs[0].ID == old.ID {
		t.Fatalf("after withdrawal %+v", docs)
	}
}
