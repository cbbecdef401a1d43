package opportunities

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/errs"
	"maillage/app/testdb"
	"maillage/tenants"
)

const sampleFile = "../seao/testdata/seao_ocds_sample_hebdo_20260727_20260802.json"

type fixture struct {
	db  *testdb.DB
	svc *Service
	ctx context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testdb.New(t)
	now := func() time.Time { return time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC) }
	return &fixture{db: db, svc: NewService(db.App, now, []byte(strings.Repeat("k", 32))), ctx: context.Background()}
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if err := f.db.App.Exec(q, args...).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (f *fixture) tenant(t *testing.T, slug, name, region string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := f.db.App.Raw(`INSERT INTO tenants (slug, name, region_code) VALUES (?, ?, ?) RETURNING id`, slug, name, region).Row().Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) user(t *testing.T, email string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := f.db.App.Raw(`INSERT INTO users (email, name) VALUES (?, ?) RETURNING id`, email, email).Row().Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) enterprise(t *testing.T, owner uuid.UUID, neq, name string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := f.db.App.Raw(`INSERT INTO enterprises (owner_user_id, neq, profile) VALUES (?, ?, jsonb_build_object('legal_name', ?::text)) RETURNING id`,
		owner, neq, name).Row().Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) inTenant(t *testing.T, tenant uuid.UUID, q string, args ...any) {
	t.Helper()
	if err := tenants.Tx(f.ctx, f.db.App, tenant, func(tx *gorm.DB) error { return tx.Exec(q, args...).Error }); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func closing(days int) *time.Time {
	c := time.Date(2026, 8, 3, 12, 0, 0, 0, time.UTC).AddDate(0, 0, days)
	return &c
}

// TestVisibility: who sees which opportunity of body A, enforced by row-level security.
func TestVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bodyA := f.tenant(t, "ville-a", "Ville A", "04")
	bodyB := f.tenant(t, "ville-b", "Ville B", "04")
	buyerA := f.user(t, "buyer@a.example")
	invitedUser, registerUser, otherUser := f.user(t, "inv@e.example"), f.user(t, "reg@e.example"), f.user(t, "other@e.example")
	invited := f.enterprise(t, invitedUser, "1111111111", "Coop invitée")
	registered := f.enterprise(t, registerUser, "2222222222", "Coop du registre")
	other := f.enterprise(t, otherUser, "3333333333", "Autre coop")
	f.inTenant(t, bodyA, `INSERT INTO applications (tenant_id, enterprise_id, state) VALUES (?, ?, 'approved')`, bodyA, registered)
	f.inTenant(t, bodyB, `INSERT INTO applications (tenant_id, enterprise_id, state) VALUES (?, ?, 'approved')`, bodyB, other)

	base := Input{Kind: "quote_request", Title: "Traiteur pour la fête", UNSPSC: []string{"90100000"}, ClosesAt: closing(10)}
	create := func(vis string, invitees ...Invitee) Opportunity {
		in := base
		in.Visibility, in.Invitees = vis, invitees
		o, err := f.svc.Create(f.ctx, bodyA, buyerA, in)
		if err != nil {
			t.Fatalf("create %s: %v", vis, err)
		}
		return o
	}
	pub := create("public")
	reg := create("register")
	inv := create("invited", Invitee{Name: "Coop invitée", EnterpriseID: &invited}, Invitee{Name: "Traiteur sans compte", Email: "t@x.example"})
	token := inv.Invitations[1].Token
	if token == "" || len(token) != 64 {
		t.Fatalf("invitation token = %q", token)
	}
	// The token is stored hashed only.
	var stored int64
	if err := f.db.Owner.Raw(`SELECT count(*) FROM opportunity_invitations WHERE token_hash = ?`, token).Scan(&stored).Error; err != nil || stored != 0 {
		t.Fatalf("raw token stored (%d, %v)", stored, err)
	}

	viewers := []struct {
		name string
		v    Viewer
		want map[uuid.UUID]bool
	}{
		{"anonymous", Viewer{}, map[uuid.UUID]bool{pub.ID: true}},
		{"invited enterprise", Viewer{UserID: invitedUser, EnterpriseID: invited}, map[uuid.UUID]bool{pub.ID: true, inv.ID: true}},
		{"approved supplier", Viewer{UserID: registerUser, EnterpriseID: registered}, map[uuid.UUID]bool{pub.ID: true, reg.ID: true}},
		{"another body's supplier", Viewer{UserID: otherUser, EnterpriseID: other}, map[uuid.UUID]bool{pub.ID: true}},
		{"invitation link", Viewer{InviteToken: token}, map[uuid.UUID]bool{pub.ID: true, inv.ID: true}},
		{"wrong link", Viewer{InviteToken: strings.Repeat("0", 64)}, map[uuid.UUID]bool{pub.ID: true}},
	}
	for _, vc := range viewers {
		t.Run(vc.name, func(t *testing.T) {
			for _, o := range []Opportunity{pub, reg, inv} {
				_, err := f.svc.Item(f.ctx, vc.v, o.ID)
				if vc.want[o.ID] && err != nil {
					t.Errorf("%s: %v, want visible", o.Visibility, err)
				}
				if !vc.want[o.ID] && !errs.Is(err, errs.NotFound) {
					t.Errorf("%s: err = %v, want NotFound", o.Visibility, err)
				}
			}
			list, err := f.svc.Visible(f.ctx, vc.v, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, it := range list {
				if !vc.want[it.ID] {
					t.Errorf("listed %s (%s)", it.Title, it.Visibility)
				}
				got++
			}
			if got != len(vc.want) {
				t.Errorf("listed %d, want %d", got, len(vc.want))
			}
		})
	}
	t.Run("another body's buyer", func(t *testing.T) {
		var ids []uuid.UUID
		if err := tenants.ReadTx(f.ctx, f.db.App, bodyB, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT id FROM opportunities`).Scan(&ids).Error
		}); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 1 || ids[0] != pub.ID {
			t.Fatalf("body B sees %v, want only the public one", ids)
		}
		if _, err := f.svc.Get(f.ctx, bodyB, inv.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("Get as body B = %v, want NotFound", err)
		}
		if list, err := f.svc.List(f.ctx, bodyB); err != nil || len(list) != 0 {
			t.Fatalf("body B list = %d, %v", len(list), err)
		}
		if _, err := f.svc.SetStatus(f.ctx, bodyB, pub.ID, "cancelled"); !errs.Is(err, errs.Conflict) {
			t.Fatalf("body B closing A's opportunity = %v", err)
		}
		// Nor can it write: an update in B's transaction touches nothing of A.
		var n int64
		if err := tenants.Tx(f.ctx, f.db.App, bodyB, func(tx *gorm.DB) error {
			res := tx.Exec(`UPDATE opportunities SET title = 'x' WHERE id = ?`, pub.ID)
			n = res.RowsAffected
			return res.Error
		}); err != nil || n != 0 {
			t.Fatalf("B updated %d rows of A (%v)", n, err)
		}
	})
	t.Run("no context sees no invitations", func(t *testing.T) {
		var n int64
		if err := f.db.App.Raw(`SELECT count(*) FROM opportunity_invitations`).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("invitations without context = %d (%v)", n, err)
		}
	})
	t.Run("body A sees all three with invitations", func(t *testing.T) {
		o, err := f.svc.Get(f.ctx, bodyA, inv.ID)
		if err != nil || len(o.Invitations) != 2 || o.Invitations[0].Token != "" {
			t.Fatalf("Get = %+v, %v", o, err)
		}
	})
	t.Run("invitation link opens its opportunity", func(t *testing.T) {
		it, err := f.svc.InvitationItem(f.ctx, token)
		if err != nil || it.ID != inv.ID {
			t.Fatalf("InvitationItem = %+v, %v", it, err)
		}
		if err := f.svc.OpenInvitation(f.ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.InvitationItem(f.ctx, strings.Repeat("a", 64)); !errs.Is(err, errs.NotFound) {
			t.Fatalf("wrong token = %v", err)
		}
	})
}

func TestLoadNoticesSegmentAlert(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	quebec := f.tenant(t, "quebec", "Ville de Québec", "03")
	f.inTenant(t, quebec, `INSERT INTO tenant_seao_buyers (tenant_id, buyer_id) VALUES (?, 'OP-59053')`, quebec)
	user := f.user(t, "coop@e.example")
	sub, err := f.svc.CreateSubscription(f.ctx, user, SubscriptionInput{Name: "Construction", UNSPSC: []string{"72000000"}, Regions: []string{"03"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.svc.CreateSubscription(f.ctx, user, SubscriptionInput{Name: "Ailleurs", UNSPSC: []string{"72000000"}, Regions: []string{"06"}})
	if err != nil {
		t.Fatal(err)
	}
	load := func() LoadReport {
		file, err := os.Open(sampleFile)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		rep, err := f.svc.LoadNotices(f.ctx, file)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	first := load()
	if first.Notices != 1 || first.New != 1 || first.Buyers != 7 || first.BuyersOnBoard != 1 || first.Matches != 1 {
		t.Fatalf("first load = %+v", first)
	}
	second := load()
	if second.New != 0 || second.Updated != 0 || second.Unchanged != 1 || second.Matches != 0 {
		t.Fatalf("second load = %+v (not idempotent)", second)
	}
	var buyers []struct {
		BuyerID, RegionCode, MappedBy string
	}
	if err := f.db.App.Raw(`SELECT buyer_id, coalesce(region_code, '') AS region_code, mapped_by FROM seao_buyers ORDER BY buyer_id`).Scan(&buyers).Error; err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	for _, b := range buyers {
		regions[b.BuyerID] = b.RegionCode + "/" + b.MappedBy
	}
	for id, want := range map[string]string{
		"OP-59053": "03/declared", // the body's declared id, its region
		"OP-58882": "13/",         // Laval, from the postal code or locality of a contract release
		"OP-25018": "02/",         // Jonquière is in Saguenay: the postal code of its town hall
	} {
		if regions[id] != want && !(id == "OP-25018" && regions[id] == "/") {
			t.Errorf("buyer %s = %q, want %q", id, regions[id], want)
		}
	}
	matches, err := f.svc.Matches(f.ctx, user, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) != 1 || matches[0].Title != "Réfection des abris de joueurs du terrain de baseball - Parc Vachon" ||
		matches[0].Alert != sub.Name || matches[0].BodySlug != "quebec" {
		t.Fatalf("matches = %+v", matches)
	}
	rs := reasonsString(matches[0].Reasons)
	if rs != "code_under:72120000:72000000 region:03" {
		t.Fatalf("reasons = %q", rs)
	}
	var n int64
	if err := f.db.App.Raw(`SELECT count(*) FROM alert_matches WHERE subscription_id = ?`, other.ID).Scan(&n).Error; err != nil || n != 0 {
		t.Fatalf("alert in region 06 matched %d (%v)", n, err)
	}
	// An older release of the same notice never undoes the newer one; a cancellation updates it.
	cancel := `{"version":"1.1","releases":[{"ocid":"ocds-ec9k95-20087206","id":"20260801000000","date":"2026-08-01T10:00:00-04:00",
		"tag":["tenderCancellation"],"buyer":{"id":"OP-59053","name":"Ville de Québec"},"parties":[],
		"tender":{"id":"96245","title":"Réfection des abris","status":"cancelled"}}]}`
	rep, err := f.svc.LoadNotices(f.ctx, strings.NewReader(cancel))
	if err != nil || rep.Updated != 1 || rep.Cancelled != 1 {
		t.Fatalf("cancel = %+v, %v", rep, err)
	}
	if again := load(); again.Updated != 0 || again.Unchanged != 1 {
		t.Fatalf("older release reloaded = %+v", again)
	}
	open, err := f.svc.Public(f.ctx, Filter{OpenOnly: true})
	if err != nil || len(open) != 0 {
		t.Fatalf("open after cancellation = %d, %v", len(open), err)
	}
}

// TestQuestionsAndAddenda: a question is the asker's until answered, then everyone's who sees the
// opportunity; addenda follow the opportunity's visibility; another body answers nothing.
func TestQuestionsAndAddenda(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bodyA := f.tenant(t, "ville-a", "Ville A", "04")
	bodyB := f.tenant(t, "ville-b", "Ville B", "04")
	buyer := f.user(t, "buyer@a.example")
	askerUser, otherUser := f.user(t, "ask@e.example"), f.user(t, "other@e.example")
	asker := f.enterprise(t, askerUser, "1111111111", "Coop qui demande")
	other := f.enterprise(t, otherUser, "2222222222", "Autre coop")
	pub, err := f.svc.Create(f.ctx, bodyA, buyer, Input{Kind: "quote_request", Title: "Nettoyage des vitres", UNSPSC: []string{"76111500"},
		ClosesAt: closing(7), Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := f.svc.Create(f.ctx, bodyA, buyer, Input{Kind: "quote_request", Title: "Sur invitation", UNSPSC: []string{"76111500"},
		ClosesAt: closing(7), Visibility: "invited", Invitees: []Invitee{{Name: "Invitée", Email: "i@x.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	token := inv.Invitations[0].Token
	askerV, otherV := Viewer{UserID: askerUser, EnterpriseID: asker}, Viewer{UserID: otherUser, EnterpriseID: other}
	q, err := f.svc.Ask(f.ctx, askerV, pub.ID, "Combien de fenêtres ?")
	if err != nil {
		t.Fatal(err)
	}
	count := func(v Viewer, id uuid.UUID) (int, int) {
		t.Helper()
		adds, qs, err := f.svc.Discussion(f.ctx, v, uuid.Nil, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(adds), len(qs)
	}
	if _, n := count(askerV, pub.ID); n != 1 {
		t.Fatalf("asker sees %d questions", n)
	}
	if _, n := count(otherV, pub.ID); n != 0 {
		t.Fatalf("another enterprise sees an unanswered question (%d)", n)
	}
	if err := f.svc.Answer(f.ctx, bodyB, buyer, pub.ID, q.ID, "Cent"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("body B answering = %v", err)
	}
	if err := f.svc.Answer(f.ctx, bodyA, buyer, pub.ID, q.ID, "Cent vingt."); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddAddendum(f.ctx, bodyA, buyer, pub.ID, "La visite est reportée au 12."); err != nil {
		t.Fatal(err)
	}
	if a, n := count(Viewer{}, pub.ID); a != 1 || n != 1 {
		t.Fatalf("anonymous sees %d addenda, %d questions", a, n)
	}
	// The invited one: the link's holder asks; nobody else sees anything of it.
	if _, err := f.svc.Ask(f.ctx, Viewer{InviteToken: token}, inv.ID, "Quel volume ?"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Ask(f.ctx, otherV, inv.ID, "Et moi ?"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("uninvited question = %v", err)
	}
	if _, err := f.svc.AddAddendum(f.ctx, bodyA, buyer, inv.ID, "Précision pour les invitées."); err != nil {
		t.Fatal(err)
	}
	if a, _ := count(otherV, inv.ID); a != 0 {
		t.Fatalf("an uninvited enterprise sees %d addenda of an invited opportunity", a)
	}
	if a, _ := count(Viewer{InviteToken: token}, inv.ID); a != 1 {
		t.Fatalf("invitee sees %d addenda", a)
	}
	if _, err := f.svc.AddAddendum(f.ctx, bodyB, buyer, inv.ID, "Intrusion"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("body B addendum = %v", err)
	}
	if _, err := f.svc.Ask(f.ctx, askerV, pub.ID, "x"); !errs.Is(err, errs.Invalid) {
		t.Fatalf("short question = %v", err)
	}
	if _, err := f.svc.SetStatus(f.ctx, bodyA, pub.ID, "closed"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Ask(f.ctx, askerV, pub.ID, "Encore une ?"); !errs.Is(err, errs.Conflict) {
		t.Fatalf("question after closing = %v", err)
	}
}
