package auth_test

import (
	"context"
	"fmt"
	"testing"

	"maillage/app/auth"
	"maillage/app/errs"
)

// directory is an in-memory UserDirectory with the same rules as the users table: an identity
// binds to one user, a user to one identity.
type directory struct {
	byIdentity map[[2]string]string
	pending    map[string]string // email → user id
	created    int
}

func (d *directory) UserByIdentity(_ context.Context, iss, sub string) (string, bool, error) {
	id, ok := d.byIdentity[[2]string{iss, sub}]
	return id, ok, nil
}

func (d *directory) PendingUserByEmail(_ context.Context, email string) (string, bool, error) {
	id, ok := d.pending[email]
	return id, ok, nil
}

func (d *directory) BindIdentity(_ context.Context, userID, iss, sub string) error {
	for email, id := range d.pending {
		if id == userID {
			delete(d.pending, email)
			d.byIdentity[[2]string{iss, sub}] = userID
			return nil
		}
	}
	return errs.E(errs.Conflict, "auth.error.already_bound")
}

func (d *directory) CreateUser(_ context.Context, id auth.Identity) (string, error) {
	d.created++
	uid := fmt.Sprintf("new-%d", d.created)
	d.byIdentity[[2]string{id.Issuer, id.Subject}] = uid
	return uid, nil
}

func TestResolveUser(t *testing.T) {
	t.Parallel()
	const iss = "https://login.example/oidc"
	tests := []struct {
		name        string
		id          auth.Identity
		allowSignup bool
		want        auth.Resolution
		wantKey     string
	}{
		{"known identity", auth.Identity{Issuer: iss, Subject: "known"}, false, auth.Resolution{UserID: "u-known"}, ""},
		{"same subject, other issuer is someone else", auth.Identity{Issuer: "https://other/", Subject: "known"}, false, auth.Resolution{}, auth.KeyNoAccount},
		{"pre-granted, verified email binds", auth.Identity{Issuer: iss, Subject: "s1", Email: "marie@ville.qc.ca", EmailVerified: true}, false,
			auth.Resolution{UserID: "u-marie", Bound: true}, ""},
		{"pre-granted, unverified email refused", auth.Identity{Issuer: iss, Subject: "s2", Email: "marie@ville.qc.ca"}, false, auth.Resolution{}, auth.KeyEmailUnverified},
		{"unknown, no sign-up", auth.Identity{Issuer: iss, Subject: "s3", Email: "x@y.ca", EmailVerified: true}, false, auth.Resolution{}, auth.KeyNoAccount},
		{"unknown, sign-up allowed", auth.Identity{Issuer: iss, Subject: "s4", Email: "e@coop.qc.ca", EmailVerified: true}, true,
			auth.Resolution{UserID: "new-1", Created: true}, ""},
		{"sign-up without a verified e-mail", auth.Identity{Issuer: iss, Subject: "s5", Email: "e@coop.qc.ca"}, true, auth.Resolution{}, auth.KeyEmailRequired},
		{"sign-up without an e-mail", auth.Identity{Issuer: iss, Subject: "s6"}, true, auth.Resolution{}, auth.KeyEmailRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := &directory{
				byIdentity: map[[2]string]string{{iss, "known"}: "u-known"},
				pending:    map[string]string{"marie@ville.qc.ca": "u-marie"},
			}
			got, err := auth.ResolveUser(context.Background(), dir, tc.id, tc.allowSignup)
			if tc.wantKey != "" {
				if e := errs.As(err); e == nil || e.Key != tc.wantKey || e.Kind != errs.Forbidden {
					t.Fatalf("ResolveUser = %+v, %v; want %s", got, err, tc.wantKey)
				}
				if len(dir.pending) != 1 || dir.created != 0 {
					t.Fatal("a refused login changed the directory")
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ResolveUser = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
