package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/valyala/fasthttp"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/web"
	"maillage/tenants"
)

// The tenant request path (resolve the tenant from the path, open a tenant transaction, one indexed read,
// render JSON) side by side with a bare Fiber JSON handler and the same database work done with bare pgx (begin, set the
// tenant, the query, commit), in one run:
//
//	make bench   (or: go test -run '^$' -bench 'TenantPath|BareFiber|BarePgx' -benchmem ./app/web/)
//
// Requests go straight into Fiber's handler (no sockets), so the figures compare the work, not the network.

type roleRow struct {
	Role string `json:"role"`
}

func benchEnv(b *testing.B) (*env, tenants.Tenant, uuid.UUID) {
	e := newEnv(b)
	tn, err := tenants.NewStore(e.DB.App).Create(context.Background(), tenants.NewTenant{Slug: "bench", Name: "Ville bench", Kind: "municipality"})
	if err != nil {
		b.Fatal(err)
	}
	u, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "bench@bench.example", accounts.RoleBuyer)
	if err != nil {
		b.Fatal(err)
	}
	return e, tn, u.ID
}

// nextRequest readies rc, reused from one benchmark request to the next, as fasthttp's server readies a
// connection's context between two requests: request, response and user values reset. The user values
// matter: Fiber keeps the request's context.Context there, and identify wraps it (audit actor), so without
// the reset each request's context would wrap all the earlier ones and every ctx.Value would walk them —
// a cost that grows with b.N and that a served request never pays.
func nextRequest(rc *fasthttp.RequestCtx, method, uri string) {
	rc.Request.Reset()
	rc.Response.Reset()
	rc.ResetUserValues()
	rc.Request.SetRequestURI(uri)
	rc.Request.Header.SetMethod(method)
}

func serveFast(b *testing.B, h fasthttp.RequestHandler, path string) {
	b.Helper()
	var ctx fasthttp.RequestCtx
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		nextRequest(&ctx, "GET", path)
		h(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
		}
	}
}

func BenchmarkBareFiberJSON(b *testing.B) {
	app := fiber.New()
	app.Get("/x", func(c *fiber.Ctx) error { return c.JSON(roleRow{Role: "buyer"}) })
	serveFast(b, app.Handler(), "/x")
}

func BenchmarkBarePgxTenantTx(b *testing.B) {
	e, tn, uid := benchEnv(b)
	pool, err := pgxpool.New(context.Background(), e.DB.AppURL)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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
	}
}

func BenchmarkTenantPath(b *testing.B) {
	var e *env
	var uid uuid.UUID
	route := web.Route{Method: "GET", Path: "/bench/t/:slug/role", Scope: web.TenantPublic, Handler: func(c *fiber.Ctx) error {
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
	e = newEnvWith(b, web.Config{TenantCacheTTL: 10 * time.Second}, route)
	tn, err := tenants.NewStore(e.DB.App).Create(context.Background(), tenants.NewTenant{Slug: "bench", Name: "Ville bench", Kind: "municipality"})
	if err != nil {
		b.Fatal(err)
	}
	u, err := accounts.NewStore(e.DB.App).GrantTenantRole(context.Background(), tn.ID, "bench@bench.example", accounts.RoleBuyer)
	if err != nil {
		b.Fatal(err)
	}
	uid = u.ID
	serveFast(b, e.Srv.App().Handler(), "/bench/t/bench/role")
}
