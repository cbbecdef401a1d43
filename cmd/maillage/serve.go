package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"maillage/app/accounts"
	"maillage/app/database"
	"maillage/app/uploads"
	"maillage/app/web"
)

func newLogger(cfg config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// serve runs the web server until ctx ends (SIGINT/SIGTERM), then drains in-flight requests and exits.
func serve(ctx context.Context, cfg config, out io.Writer) error {
	log := newLogger(cfg, os.Stderr)
	key, devKey, err := cfg.secretKey()
	if err != nil {
		return err
	}
	if devKey {
		log.Warn("MAILLAGE_SECRET_KEY not set: using the fixed development key (never in production)")
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer database.Close(db)
	if err := database.CheckAppRole(ctx, db); err != nil {
		return err
	}
	translate := func(lang, id string) string { return id }
	authDeps, stopIdP, err := identity(cfg, key, log, &translate)
	if err != nil {
		return err
	}
	defer stopIdP()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := web.New(web.Config{
		Env: cfg.Env, BaseURL: cfg.BaseURL, SecretKey: key, CookieSecure: cfg.CookieSecure, TrustedProxies: cfg.trustedProxies(),
		Sessions:       accounts.SessionPolicy{Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute},
		TenantCacheTTL: 10 * time.Second,
		ShutdownDrain:  cfg.ShutdownDrain,
		Billing:        cfg.billing(),
		BlobDir:        cfg.BlobDir,
		BlobS3: uploads.S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, Region: cfg.S3Region,
			AccessKey: cfg.S3AccessKey, SecretKey: cfg.S3SecretKey, Insecure: cfg.S3Insecure},
	}, web.Deps{DB: db, Logger: log, Registry: reg, Auth: authDeps})
	if err != nil {
		return err
	}
	translate = srv.Translate
	wctx, stopWorker := context.WithCancel(ctx)
	waitWorker, err := startWorker(wctx, cfg, db, log, srv.Translate)
	if err != nil {
		stopWorker()
		return err
	}
	// Runs before the pool closes (defers run last-in first-out): the job under way finishes first.
	defer awaitWorker(stopWorker, waitWorker, cfg.ShutdownGrace, log)
	stopMetrics := serveMetrics(cfg.MetricsAddr, reg, log)
	defer stopMetrics()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "env", cfg.Env)
	fmt.Fprintf(out, "Maillage is running at %s\n", cfg.BaseURL)
	return srv.Serve(ctx, ln, cfg.ShutdownGrace)
}

// serveMetrics exposes Prometheus metrics on a separate listener (loopback by default, never the public
// port); an empty address disables it.
func serveMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) func() {
	if addr == "" {
		return func() {}
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	hs := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := hs.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("metrics listener stopped", "addr", addr, "error", err.Error())
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}
}

// awaitWorker stops the job worker and waits for the job under way, at most grace: a job still running
// then is abandoned (its lease expires and another instance retries it) rather than holding the exit.
func awaitWorker(stop context.CancelFunc, wait func(), grace time.Duration, log *slog.Logger) {
	stop()
	done := make(chan struct{})
	go func() { wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		log.Warn("job worker still busy at the end of the shutdown grace: its job will be retried elsewhere")
	}
}
