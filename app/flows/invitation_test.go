package flows

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/audit"
	"maillage/app/errs"
	"maillage/app/mail"
	"maillage/app/testdb"
	"maillage/tenants"
)

func TestInviteMember(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "admin@ville-a.test"})
	ts := tenants.NewStore(d.App)
	a, err := ts.Create(ctx, tenants.NewTenant{Slug: "ville-a", Name: "Ville A", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.Create(ctx, tenants.NewTenant{Slug: "ville-b", Name: "Ville B", Kind: "municipality"})
	if err != nil {
		t.Fatal(err)
	}
	f := New(Deps{DB: d.App, Accounts: accounts.NewStore(d.App)})
	letter := func(u accounts.User) (mail.Message, error) {
		return mail.Message{To: u.Email, Lang: "fr", Template: "member_invited", Subject: "Invitation", Text: "Bienvenue"}, nil
	}
	broken := func(accounts.User) (mail.Message, error) { return mail.Message{}, errors.New("template missing") }
	// state counts what invitations to email wrote.
	state := func(t *testing.T, email string) (members, mails int64) {
		t.Helper()
		for _, tn := range []uuid.UUID{a.ID, b.ID} { // memberships are tenant rows: read in each tenant
			var n int64
			if err := tenants.ReadTx(ctx, d.App, tn, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ?`, email).Scan(&n).Error
			}); err != nil {
				t.Fatal(err)
			}
			members += n
		}
		if err := d.Owner.Raw(`SELECT count(*) FROM mail_outbox WHERE to_address = ?`, email).Scan(&mails).Error; err != nil {
			t.Fatal(err)
		}
		return members, mails
	}
	cases := []struct {
		name          string
		tenant        uuid.UUID
		email, role   string
		mail          InvitationMail
		kind          errs.Kind // "" when it succeeds
		members, sent int64
	}{
		{"grant and e-mail together", a.ID, "marie@ville-a.test", "buyer", letter, "", 1, 1},
		{"an e-mail that cannot be written keeps no grant", a.ID, "luc@ville-a.test", "buyer", broken, errs.Internal, 0, 0},
		{"an unknown role grants and sends nothing", a.ID, "zoe@ville-a.test", "emperor", letter, errs.Invalid, 0, 0},
		{"a bad address grants and sends nothing", a.ID, "pas une adresse", "buyer", letter, errs.Invalid, 0, 0},
		{"the same person in another body is a second grant", b.ID, "marie@ville-a.test", "official", letter, "", 2, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, err := f.InviteMember(ctx, c.tenant, c.email, c.role, c.mail)
			switch {
			case c.kind == "" && (err != nil || u.Email != c.email):
				t.Fatalf("got %+v, %v", u, err)
			case c.kind == errs.Internal && (err == nil || errs.As(err) != nil && errs.As(err).Kind != errs.Internal):
				t.Fatalf("got %v, want a failure", err)
			case c.kind == errs.Invalid && !errs.Is(err, errs.Invalid):
				t.Fatalf("got %v, want invalid", err)
			}
			if members, sent := state(t, c.email); members != c.members || sent != c.sent {
				t.Errorf("%d memberships and %d e-mails, want %d and %d", members, sent, c.members, c.sent)
			}
		})
	}
	t.Run("tenant A's grant is invisible from tenant B", func(t *testing.T) {
		var n int64
		if err := tenants.ReadTx(ctx, d.App, b.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT count(*) FROM memberships WHERE tenant_id = ?`, a.ID).Scan(&n).Error
		}); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("tenant B sees %d of tenant A's memberships", n)
		}
	})
}
