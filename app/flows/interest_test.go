package flows

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/declarations"
	"maillage/app/errs"
	"maillage/app/opportunities"
	"maillage/app/testdb"
	"maillage/tenants"
)

// TestNoticeInterest: an enterprise answers a SEAO notice. When the notice's buyer is a body on Maillage,
// that body sees the answer and its contact log has it (no buyer named); another body, another
// enterprise and a session without context see nothing; a notice whose buyer is not on Maillage keeps
// the answer for the enterprise alone.
func TestNoticeInterest(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC) }
	opps := opportunities.NewService(d.App, now, []byte(strings.Repeat("k", 32)))
	decl := declarations.NewStore(d.App, now)
	flows := New(Deps{DB: d.App, Opportunities: opps, Declarations: decl, Now: now})
	newID := func(q string, args ...any) uuid.UUID {
		t.Helper()
		var id uuid.UUID
		if err := d.App.Raw(q, args...).Row().Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	quebec := newID(`INSERT INTO tenants (slug, name, region_code) VALUES ('quebec', 'Ville de Québec', '03') RETURNING id`)
	other := newID(`INSERT INTO tenants (slug, name, region_code) VALUES ('laval', 'Ville de Laval', '13') RETURNING id`)
	if err := tenants.Tx(ctx, d.App, quebec, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO tenant_seao_buyers (tenant_id, buyer_id) VALUES (?, 'OP-59053')`, quebec).Error
	}); err != nil {
		t.Fatal(err)
	}
	enterprise := func(email, neq, name string) opportunities.Viewer {
		u := newID(`INSERT INTO users (email, name) VALUES (?, ?) RETURNING id`, email, email)
		e := newID(`INSERT INTO enterprises (owner_user_id, neq, profile) VALUES (?, ?, jsonb_build_object('legal_name', ?::text)) RETURNING id`, u, neq, name)
		return opportunities.Viewer{UserID: u, EnterpriseID: e}
	}
	bois, velo := enterprise("bois@e.example", "1111111111", "Coop du Bois"), enterprise("velo@e.example", "2222222222", "Vélo Solidaire")
	file, err := os.Open("../seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := opps.LoadNotices(ctx, file); err != nil {
		t.Fatal(err)
	}
	// A second notice, of a buyer that is not on Maillage.
	elsewhere := `{"version":"1.1","releases":[{"ocid":"ocds-ec9k95-99999999","id":"20260802000000","date":"2026-08-02T10:00:00-04:00",
		"tag":["tender"],"buyer":{"id":"OP-00001","name":"Régie inconnue"},"parties":[],
		"tender":{"id":"99999","title":"Entretien ménager","status":"active","tenderPeriod":{"endDate":"2026-08-20T14:00:00-04:00"}}}]}`
	if _, err := opps.LoadNotices(ctx, strings.NewReader(elsewhere)); err != nil {
		t.Fatal(err)
	}
	noticeOf := func(title string) uuid.UUID {
		return newID(`SELECT id FROM seao_notices WHERE title LIKE ?`, title+"%")
	}
	parc, menage := noticeOf("Réfection des abris"), noticeOf("Entretien ménager")

	// contacts counts the interest contacts without a buyer in a body's log (read as that body).
	contacts := func(body uuid.UUID) (n int64) {
		t.Helper()
		if err := tenants.ReadTx(ctx, d.App, body, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM contact_log WHERE kind = 'interest' AND buyer_id IS NULL`).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// answers counts an enterprise's answers to notices (read as that enterprise).
	answers := func(v opportunities.Viewer) (n int64) {
		t.Helper()
		if err := d.App.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(`SELECT set_config('app.enterprise_id', ?, true)`, v.EnterpriseID.String()).Error; err != nil {
				return err
			}
			return tx.Raw(`SELECT count(*) FROM notice_interests`).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct {
		name     string
		v        opportunities.Viewer
		notice   uuid.UUID
		in       opportunities.InterestInput
		kind     errs.Kind // "" when it is recorded
		contacts int64     // interest contacts in Québec's log afterwards
	}{
		{"interested in Québec's notice", bois, parc, opportunities.InterestInput{Decision: "interested"}, "", 1},
		{"declined without a reason", velo, parc, opportunities.InterestInput{Decision: "declined"}, errs.Invalid, 1},
		{"declined with a reason", velo, parc, opportunities.InterestInput{Decision: "declined", Reason: "Trop loin"}, "", 1},
		{"unknown decision", velo, parc, opportunities.InterestInput{Decision: "maybe"}, errs.Invalid, 1},
		{"a person without an enterprise", opportunities.Viewer{UserID: bois.UserID}, parc, opportunities.InterestInput{Decision: "interested"}, errs.Forbidden, 1},
		{"a notice whose buyer is not on Maillage", bois, menage, opportunities.InterestInput{Decision: "interested"}, "", 1},
		{"changes its mind", bois, parc, opportunities.InterestInput{Decision: "declined", Reason: "Carnet plein"}, "", 1},
		{"interested again: a second contact", bois, parc, opportunities.InterestInput{Decision: "interested"}, "", 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			_, err := flows.Interest(ctx, st.v, st.notice, st.in)
			if st.kind == "" && err != nil {
				t.Fatalf("interest: %v", err)
			}
			if st.kind != "" && (errs.As(err) == nil || errs.As(err).Kind != st.kind) {
				t.Fatalf("err = %v, want %s", err, st.kind)
			}
			if n := contacts(quebec); n != st.contacts {
				t.Fatalf("contacts = %d, want %d", n, st.contacts)
			}
		})
	}
	if nb, nv := answers(bois), answers(velo); nb != 2 || nv != 1 {
		t.Fatalf("answers = %d and %d, want 2 and 1 (one per enterprise and notice)", nb, nv)
	}
	if n := contacts(other); n != 0 {
		t.Fatalf("another body's log has %d contacts", n)
	}

	t.Run("the buying body sees the answers, another body none", func(t *testing.T) {
		mine, err := opps.BodyNotices(ctx, quebec, uuid.Nil, 0)
		if err != nil || len(mine) != 1 || mine[0].ID != parc || len(mine[0].Interests) != 2 {
			t.Fatalf("Québec's notices = %+v, %v", mine, err)
		}
		got := map[string]string{}
		for _, i := range mine[0].Interests {
			got[i.Name] = i.Decision + "/" + i.Reason
		}
		if got["Coop du Bois"] != "interested/" || got["Vélo Solidaire"] != "declined/Trop loin" {
			t.Fatalf("answers = %v", got)
		}
		theirs, err := opps.BodyNotices(ctx, other, uuid.Nil, 0)
		if err != nil || len(theirs) != 0 {
			t.Fatalf("Laval's notices = %+v, %v", theirs, err)
		}
		// Even asked directly, another body's transaction reads no answer.
		var n int64
		if err := tenants.ReadTx(ctx, d.App, other, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM notice_interests`).Scan(&n).Error
		}); err != nil || n != 0 {
			t.Fatalf("Laval reads %d answers (%v)", n, err)
		}
	})
	t.Run("each enterprise sees its own answer only", func(t *testing.T) {
		for _, tc := range []struct {
			v        opportunities.Viewer
			notice   uuid.UUID
			ok       bool
			decision string
		}{{bois, parc, true, "interested"}, {velo, parc, true, "declined"}, {bois, menage, true, "interested"}, {velo, menage, false, ""}} {
			got, ok, err := opps.MyInterest(ctx, tc.v, tc.notice)
			if err != nil || ok != tc.ok || got.Decision != tc.decision {
				t.Fatalf("MyInterest = %+v %v %v, want %v %s", got, ok, err, tc.ok, tc.decision)
			}
		}
	})
	t.Run("no context: no rows, no writes", func(t *testing.T) {
		var n int64
		if err := d.App.Raw(`SELECT count(*) FROM notice_interests`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("without context: %d rows (%v)", n, err)
		}
		res := d.App.Exec(`UPDATE notice_interests SET decision = 'declined'`)
		if res.Error != nil || res.RowsAffected != 0 {
			t.Fatalf("update without context: %d (%v)", res.RowsAffected, res.Error)
		}
		if err := d.App.Exec(`DELETE FROM notice_interests`).Error; err == nil {
			t.Fatal("the app may delete answers")
		}
		// Another body cannot change Québec's answers either.
		if err := tenants.Tx(ctx, d.App, other, func(tx *gorm.DB) error {
			res := tx.Exec(`UPDATE notice_interests SET reason = 'x'`)
			if res.RowsAffected != 0 {
				t.Errorf("Laval updated %d answers", res.RowsAffected)
			}
			return res.Error
		}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("the contact log shows the interest without a buyer", func(t *testing.T) {
		rows, err := decl.Contacts(ctx, quebec, now().AddDate(0, 0, -1), now(), 0)
		if err != nil || len(rows) != 2 || rows[0].BuyerID != "" || rows[0].EnterpriseName != "Coop du Bois" ||
			!strings.HasPrefix(rows[0].Outcome, "Réfection des abris") {
			t.Fatalf("contacts = %+v, %v", rows, err)
		}
	})
}
