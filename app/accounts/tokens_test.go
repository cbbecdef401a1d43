package accounts_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"maillage/app/accounts"
	"maillage/app/errs"
	"maillage/app/testdb"
)

func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	toks := accounts.NewTokens(db.App, func() time.Time { return now })
	uid := uuid.New()
	if err := db.App.Exec(`INSERT INTO users (id, email) VALUES (?, 't@x.example')`, uid).Error; err != nil {
		t.Fatal(err)
	}
	secret, tok, err := toks.Create(ctx, uid, "ci", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() *time.Time {
		l, _ := toks.List(ctx, uid)
		return l[0].LastUsedAt
	}
	steps := []struct {
		name     string
		advance  time.Duration
		secret   string
		wantErr  errs.Kind
		wantUsed time.Time // zero: not checked
	}{
		{"first use is recorded", 0, secret, "", now},
		{"a use within the minute does not write again", 30 * time.Second, secret, "", now},
		{"a use a minute later is recorded", 31 * time.Second, secret, "", now.Add(61 * time.Second)},
		{"a wrong secret is refused", 0, secret + "x", errs.Unauthenticated, time.Time{}},
		{"not a Maillage token", 0, "ghp_abc", errs.Unauthenticated, time.Time{}},
		{"an expired token is refused", 25 * time.Hour, secret, errs.Unauthenticated, time.Time{}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			now = now.Add(s.advance)
			got, err := toks.Authenticate(ctx, s.secret)
			if s.wantErr != "" {
				if !errs.Is(err, s.wantErr) {
					t.Fatalf("err = %v, want %s", err, s.wantErr)
				}
				return
			}
			if err != nil || got.ID != tok.ID {
				t.Fatalf("got %+v, %v", got, err)
			}
			if lu := lastUsed(); lu == nil || !lu.Equal(s.wantUsed) {
				t.Fatalf("last used %v, want %v", lu, s.wantUsed)
			}
		})
	}
}
