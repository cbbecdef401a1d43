// Package web is the HTTP adapter of Maillage and the only package that imports Fiber: the route table (each
// route with its declared permission), middleware (request id, logging, metrics, security headers, locale,
// CSRF, identity, tenant resolution, authorization), server-rendered pages, the JSON API with RFC 9457
// errors and its OpenAPI document.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/prometheus/client_golang/prometheus"

	"maillage/app/catalogue"
	"maillage/app/contracts"
	"maillage/app/database"
	"maillage/app/declarations"
	"maillage/app/flows"
	"maillage/app/opportunities"
	"maillage/app/provincial"
	"maillage/app/ratelimit"
	"maillage/app/rules"
	"maillage/app/services"
	"maillage/app/uploads"
	"maillage/policies"
	"maillage/tenants"
)

// Config is what the web layer needs from the environment (see cmd/maillage/config.go).
type Config struct {
	Env          string // development, test, production ("" means production)
	BaseURL      string // public URL, e.g. https://maillage.example.ca
	SecretKey    []byte // ≥ 32 bytes: CSRF tokens (HMAC)
	CookieSecure bool   // false only for plain-HTTP tests that are not on localhost
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	BodyLimit    int // bytes
	// TrustedProxies are the networks whose X-Forwarded-For is believed (the ingress); empty: none
	// (MAILLAGE_TRUSTED_PROXIES; see clientIP).
	TrustedProxies []netip.Prefix
	ReadyCheckTTL  time.Duration
	// ShutdownDrain is how long a stopping server keeps serving (with Connection: close, /readyz 503) before
	// closing its listener, so that the load balancer notices (MAILLAGE_SHUTDOWN_DRAIN; at most half the
	// grace; 0 in tests).
	ShutdownDrain time.Duration
	// TenantCacheTTL is how long a slug→tenant resolution is reused (0: no cache). A suspended tenant is
	// seen by other instances within this delay.
	TenantCacheTTL time.Duration
}

// Deps are the adapters the server composes.
type Deps struct {
	// Services are the domain services, built once over the app role's pool by services.New (in
	// cmd/maillage/wire.go), shared with the job worker. The server holds no pool of its own.
	Services *services.Set
	// Blobs stores uploaded documents; it is opened (and an S3 bucket checked) by the caller.
	Blobs uploads.Store
	// Messages are the parsed locale files; nil: they are read here (tests).
	Messages *Messages
	Logger   *slog.Logger
	Registry *prometheus.Registry // nil: metrics are not collected
	Now      func() time.Time     // nil: time.Now (injectable for session-timeout tests)
	// ExtraRoutes are appended to the route table (a seam for tests, e.g. a deliberately slow route for the
	// graceful-shutdown test); they obey the same declaration rules.
	ExtraRoutes []Route
	Auth        AuthDeps // login: platform provider, demo accounts, providers' HTTP client
	// ProbeHandlers replaces every route's handler by one answering 204, leaving the whole chain
	// before it (identity, tenant, authorization, CSRF, limits) as it is: the role × route matrix
	// test uses it to observe authorization decisions without depending on each page's data.
	ProbeHandlers bool
}

// Server holds the Fiber app and everything handlers use: the HTTP machinery, then one field per area
// (a struct when the area has several services). The services come built from services.Set; the server
// holds no database pool.
type Server struct {
	// HTTP machinery.
	cfg       Config
	log       *slog.Logger
	now       func() time.Time
	app       *fiber.App
	table     []Route
	views     *html.Engine
	i18n      *i18n.Bundle
	authz     *policies.Authorizer
	metrics   *metrics
	readiness readiness
	health    *database.Health
	limits    *ratelimit.Limiter
	draining  atomic.Bool // set when shutdown begins (Serve)
	names     *nameBook   // names of regions, MRCs and UNSPSC categories for pages
	refNames  refNames    // reference-data names for the progress pages, read once

	// Areas.
	tenants    tenantArea
	accounts   services.Accounts // people, their sessions and API tokens
	auth       *authKit          // login: providers, identities, attempts
	sup        *supplierArea     // the register, applications, their documents and mails
	catalogue  *catalogue.Service
	rules      *rules.Store
	contracts  *contracts.Store
	decl       *declarations.Store
	provincial *provincial.Service
	opps       *opportunities.Service
	bill       *billingArea
	flows      *flows.Service // compositions spanning areas in one transaction
}

// tenantArea is the bodies' store and the per-request cache of slug → tenant.
type tenantArea struct {
	store *tenants.Store
	cache *tenants.Cache
}

// New builds the server and registers every route of the table.
func New(cfg Config, d Deps) (*Server, error) {
	if len(cfg.SecretKey) < 32 {
		return nil, fmt.Errorf("web: secret key must be at least 32 bytes")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.Env == "" {
		cfg.Env = "production" // safe default: only an explicit development or test environment relaxes anything
	}
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 25 << 20
	}
	if d.Services == nil || d.Blobs == nil {
		return nil, fmt.Errorf("web: Deps.Services and Deps.Blobs are required")
	}
	if d.Messages == nil {
		m, err := NewMessages()
		if err != nil {
			return nil, err
		}
		d.Messages = m
	}
	sv := d.Services
	authz, err := policies.New()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: d.Logger, now: d.Now, i18n: d.Messages.bundle, authz: authz,
		tenants:    tenantArea{store: sv.Tenants, cache: tenants.NewCache(sv.Tenants, cfg.TenantCacheTTL)},
		accounts:   sv.Accounts,
		metrics:    newMetrics(d.Registry),
		catalogue:  sv.Catalogue,
		rules:      sv.Rules,
		contracts:  sv.Contracts,
		limits:     sv.Limits,
		decl:       sv.Declarations,
		provincial: sv.Provincial,
		health:     sv.Health,
		opps:       sv.Opportunities,
		flows:      sv.Flows,
		sup:        newSupplierArea(d),
		bill:       newBillingArea(d),
	}
	if s.auth, err = newAuthKit(cfg, d); err != nil {
		return nil, err
	}
	s.sup.apps.UseCatalogue(s.catalogueEES)
	s.names = newNameBook(s.catalogue.ReferenceNames)
	if s.views, err = newViews(s.names); err != nil {
		return nil, err
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "maillage",
		Views:                 s.views,
		ErrorHandler:          s.handleError,
		ReadTimeout:           orDefault(cfg.ReadTimeout, 15*time.Second),
		WriteTimeout:          orDefault(cfg.WriteTimeout, 60*time.Second),
		IdleTimeout:           orDefault(cfg.IdleTimeout, 120*time.Second),
		BodyLimit:             cfg.BodyLimit,
		Immutable:             true, // strings from the request stay valid after the handler (pitfalls.md)
		DisableStartupMessage: true,
		// c.IP() stays the connection's address; the client's is clientIP(c) (X-Forwarded-For from
		// trusted proxies only, read from the right).
		EnableTrustedProxyCheck: false,
	})
	s.table = append(s.routes(), d.ExtraRoutes...)
	if d.ProbeHandlers {
		for i := range s.table {
			s.table[i].Handler = func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) }
		}
	}
	if err := s.mount(); err != nil {
		return nil, err
	}
	return s, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// App exposes the Fiber app for tests (app.Test).
func (s *Server) App() *fiber.App { return s.app }

// Serve accepts connections on ln until ctx is cancelled, then shuts down gracefully and returns nil:
//
//  1. draining (Config.ShutdownDrain): still serving, but /readyz answers 503 so the load balancer stops
//     sending new requests, and every response carries "Connection: close", so a client on a keep-alive
//     connection gets its answer and then a cleanly closed connection, never a reset;
//  2. the listener closes and in-flight requests finish, up to what remains of grace;
//  3. a request still running when grace ends is cut: that is logged, and Serve still returns nil (exit 0:
//     an orchestrator must not take a planned stop for a crash).
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	s.draining.Store(true)
	drain := min(s.cfg.ShutdownDrain, grace/2)
	s.log.Info("shutting down", "grace", grace.String(), "drain", drain.String())
	time.Sleep(drain)
	if err := s.app.ShutdownWithTimeout(grace - time.Since(start)); err != nil {
		s.log.Warn("shutdown grace ended with requests still running: they were cut", "grace", grace.String(), "error", err.Error())
		return nil
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// closeWhenDraining asks clients to close their connection once the server is stopping (see Serve).
func (s *Server) closeWhenDraining(c *fiber.Ctx) error {
	if s.draining.Load() {
		c.Context().SetConnectionClose()
	}
	return c.Next()
}
