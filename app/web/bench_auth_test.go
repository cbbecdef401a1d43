package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/valyala/fasthttp"

	"maillage/app/accounts"
	"maillage/app/database"
	"maillage/app/testdb"
	"maillage/policies"
)

// The identity benchmark of issue 3: the per-request cost of session lookup and Casbin
// enforcement with 2,000 tenants × 10 members (20,000 users, 20,000 live sessions), and the
// ratio of an authenticated, authorized request to an anonymous one on the same route:
//
//	go test -run '^$' -bench 'Identity' -benchmem ./app/web/
//
// Requests go straight into Fiber's handler (no sockets), as in bench_test.go.

// seedIdentityScale writes the tenants, users, memberships and sessions in bulk as the superuser
// (row-level security is forced on memberships, and 2,000 tenant transactions would only slow
// the set-up).
func seedIdentityScale(b *testing.B, e *env) {
	b.Helper()
	ctx := context.Background()
	u, err := url.Parse(testdb.AdminURL(b))
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + e.DB.Name
	su, err := database.Open(ctx, u.String(), database.Options{MaxOpenConns: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer database.Close(su)
	for _, q := range []string{
		`INSERT INTO tenants (slug, name) SELECT 'bench-' || g, 'Ville ' || g FROM generate_series(1, 2000) g`,
		`INSERT INTO users (email, issuer, subject) SELECT 'u' || g || '@bench.test', 'https://idp.bench', 's' || g FROM generate_series(1, 20000) g`,
		`INSERT INTO memberships (tenant_id, user_id, role)
		   SELECT t.id, u.id, (ARRAY['tenant_admin', 'buyer', 'official'])[1 + substring(u.subject from 2)::int % 3]
		   FROM users u JOIN tenants t ON t.slug = 'bench-' || ((substring(u.subject from 2)::int - 1) / 10 + 1)
		   WHERE u.issuer = 'https://idp.bench'`,
		`INSERT INTO sessions (id_hash, user_id, expires_at)
		   SELECT encode(sha256(('s-' || u.id)::bytea), 'hex'), u.id, now() + interval '8 hours' FROM users u`,
		`ANALYZE`,
	} {
		if err := su.Exec(q).Error; err != nil {
			b.Fatalf("seed: %v\n%s", err, q)
		}
	}
	var n int64
	if err := su.Raw(`SELECT count(*) FROM memberships`).Scan(&n).Error; err != nil {
		b.Fatal(err)
	}
	if n != 20000 {
		b.Fatalf("%d memberships, want 20000", n)
	}
}

// identityBench is the seeded env and a buyer of tenant bench-1000 with a live session.
func identityBench(b *testing.B) (*env, string) {
	b.Helper()
	e := newEnv(b)
	seedIdentityScale(b, e)
	cl := e.member("bench-buyer@bench.test", ptrTenantB(b, e, "bench-1000"), accounts.RoleBuyer)
	return e, cl.cookies["__Host-maillage_session"]
}

func serveWithSession(b *testing.B, h fasthttp.RequestHandler, path, session string, want int) {
	b.Helper()
	var ctx fasthttp.RequestCtx
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		nextRequest(&ctx, "GET", path)
		if session != "" {
			ctx.Request.Header.SetCookie("__Host-maillage_session", session)
		}
		h(&ctx)
		if ctx.Response.StatusCode() != want {
			b.Fatalf("status %d, want %d", ctx.Response.StatusCode(), want)
		}
	}
}

// BenchmarkIdentityRequest: the same route (the tenant home page) anonymous and as a member
// (session lookup, user and roles from the database, Casbin for the navigation), and a
// tenant-private API route as the member (session + roles + Casbin enforcement).
func BenchmarkIdentityRequest(b *testing.B) {
	e, session := identityBench(b)
	h := e.Srv.App().Handler()
	b.Run("home/anonymous", func(b *testing.B) { serveWithSession(b, h, "/t/bench-1000", "", 200) })
	b.Run("home/member", func(b *testing.B) { serveWithSession(b, h, "/t/bench-1000", session, 200) })
	b.Run("api/member_authorized", func(b *testing.B) { serveWithSession(b, h, "/api/v1/t/bench-1000", session, 200) })
	b.Run("api/anonymous_refused", func(b *testing.B) { serveWithSession(b, h, "/api/v1/t/bench-1000", "", 401) })
}

// BenchmarkIdentityParts: the two parts alone — a session lookup among 20,000 sessions, and one
// Casbin decision with the shipped policy.
func BenchmarkIdentityParts(b *testing.B) {
	e, session := identityBench(b)
	sessions := accounts.NewSessions(e.DB.App, accounts.SessionPolicy{}, nil)
	authz, err := policies.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("session_lookup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := sessions.Lookup(ctx, session); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("casbin_enforce", func(b *testing.B) {
		b.ReportAllocs()
		roles := []string{accounts.RoleBuyer}
		for i := 0; i < b.N; i++ {
			if !authz.Allowed(roles, "tenant", "read") {
				b.Fatal("buyer cannot read the tenant")
			}
		}
	})
}
