package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/valyala/fasthttp"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/web"
	"maillage/policies"
	"maillage/tenants"
)

// BenchmarkSignInFastPath (issue 14, item 9): the cost of being signed in, side by side in one loop.
// Each iteration runs, one after the other,
//
//   - pgx: the bare tenant transaction through pgx (BEGIN, set the tenant, one indexed read, COMMIT);
//   - session: the same read served by an authorized tenant API route, signed in by session cookie
//     (session, user, platform roles and tenant roles read, Casbin decision, tenant transaction, JSON);
//   - token: the same route signed in by an API token;
//   - casbin: the route's Casbin decision alone;
//   - signed-in-only: GET /api/v1/t/{slug} by session, a route that reads nothing but the caller (the
//     sign-in's own cost, tenant from the cache);
//   - gorm-tx: the handler's tenant transaction alone (tenants.ReadTx through GORM and database/sql),
//
// on the identity scale of bench_auth_test.go (2,000 bodies, 20,000 users and sessions), and reports each
// part's time per request and the routes' throughput as a share of the bare transaction's, so the ratio
// comes from the same seconds of the same noisy machine:
//
//	go test ./app/web -run '^$' -bench SignInFastPath -benchtime 3000x -count 3
//
// Requests go straight into Fiber's handler (no sockets), as in bench_test.go.
func BenchmarkSignInFastPath(b *testing.B) {
	var e *env
	var uid uuid.UUID
	route := web.Route{Method: "GET", Path: "/api/v1/t/:slug/bench-role", Scope: web.Tenant, Obj: "tenant", Act: "read",
		Handler: func(c *fiber.Ctx) error {
			tn := web.TenantOf(c)
			var r roleRow
			err := tenants.ReadTx(c.UserContext(), e.DB.App, tn.ID, func(tx *gorm.DB) error {
				return tx.Raw(`SELECT role FROM memberships WHERE tenant_id = ? AND user_id = ?`, tn.ID, uid).Scan(&r).Error
			})
			if err != nil {
				return err
			}
			return c.JSON(r)
		}}
	e = newEnvWith(b, web.Config{TenantCacheTTL: 10 * time.Second}, route) // as cmd/maillage serves
	seedIdentityScale(b, e)
	ctx := context.Background()
	tn := ptrTenantB(b, e, "bench-1000")
	u, err := accounts.NewStore(e.DB.App).GrantTenantRole(ctx, tn.ID, "bench-buyer@bench.test", accounts.RoleBuyer)
	if err != nil {
		b.Fatal(err)
	}
	uid = u.ID
	session := e.as(u.ID).cookies[web.SessionCookie]
	token, _, err := accounts.NewTokens(e.DB.App, func() time.Time { return e.Now }).Create(ctx, uid, "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, e.DB.AppURL)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	authz, err := policies.New()
	if err != nil {
		b.Fatal(err)
	}
	h := e.Srv.App().Handler()
	var serve func(cookie, bearer, path, want string)
	path := "/api/v1/t/bench-1000/bench-role"

	bare := func() {
		tx, err := pool.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var r string
		if _, err := tx.Exec(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.ID.String()); err != nil {
			b.Fatal(err)
		}
		if err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2`, tn.ID, uid).Scan(&r); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
		if r != accounts.RoleBuyer {
			b.Fatalf("bare pgx read %q", r)
		}
	}
	var rc fasthttp.RequestCtx
	request := func(cookie, bearer string) { serve(cookie, bearer, path, `{"role":"buyer"}`) }
	serve = func(cookie, bearer, path, want string) {
		nextRequest(&rc, "GET", path)
		if cookie != "" {
			rc.Request.Header.SetCookie(web.SessionCookie, cookie)
		}
		if bearer != "" {
			rc.Request.Header.Set(fiber.HeaderAuthorization, "Bearer "+bearer)
		}
		h(&rc)
		if rc.Response.StatusCode() != 200 || !strings.Contains(string(rc.Response.Body()), want) {
			b.Fatalf("status %d: %s", rc.Response.StatusCode(), rc.Response.Body())
		}
	}
	roles := []string{accounts.RoleBuyer}
	const decisions = 100 // one Casbin decision is ~1 µs: time a hundred to measure it
	enforce := func() {
		for range decisions {
			if !authz.Allowed(roles, "tenant", "read") {
				b.Fatal("a buyer cannot read the tenant")
			}
		}
	}
	for range 20 { // warm the pools, statement caches and the tenant cache on both paths
		bare()
		request(session, "")
		request("", token)
	}

	readTx := func() {
		var r roleRow
		err := tenants.ReadTx(ctx, e.DB.App, tn.ID, func(tx *gorm.DB) error {
			return tx.Raw(`SELECT role FROM memberships WHERE tenant_id = ? AND user_id = ?`, tn.ID, uid).Scan(&r).Error
		})
		if err != nil || r.Role != accounts.RoleBuyer {
			b.Fatalf("%v %q", err, r.Role)
		}
	}
	signedIn := func() { serve(session, "", "/api/v1/t/bench-1000", `"slug":"bench-1000"`) }
	var tPgx, tSession, tToken, tCasbin, tSignedIn, tReadTx time.Duration
	timed := func(d *time.Duration, f func()) {
		t0 := time.Now()
		f()
		*d += time.Since(t0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		timed(&tPgx, bare)
		timed(&tSession, func() { request(session, "") })
		timed(&tToken, func() { request("", token) })
		timed(&tCasbin, enforce)
		timed(&tSignedIn, signedIn)
		timed(&tReadTx, readTx)
	}
	b.StopTimer()
	n := float64(b.N)
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) / n }
	b.ReportMetric(us(tPgx), "pgx-µs/op")
	b.ReportMetric(us(tSession), "session-µs/op")
	b.ReportMetric(us(tToken), "token-µs/op")
	b.ReportMetric(us(tSignedIn), "signed-in-only-µs/op")
	b.ReportMetric(us(tReadTx), "gorm-tx-µs/op")
	b.ReportMetric(float64(tCasbin.Nanoseconds())/n/decisions, "casbin-ns/decision")
	b.ReportMetric(100*float64(tPgx)/float64(tSession), "session-%-of-pgx")
	b.ReportMetric(100*float64(tPgx)/float64(tToken), "token-%-of-pgx")
	b.ReportMetric(100*float64(tCasbin)/decisions/float64(tSession), "casbin-%-of-session")
}
