package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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
	// Ports first: a taken port is said at once, naming the variable that moves it, before any other work.
	ln, err := listenOn("MAILLAGE_ADDR", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	reg := prometheus.NewRegistry()
	stopMetrics, err := serveMetrics(cfg.MetricsAddr, reg, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	w, closeDB, err := wire(ctx, cfg, key, reg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	authDeps, stopIdP, err := identity(cfg, log, w.messages.Translate)
	if err != nil {
		return err
	}
	defer stopIdP()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv, err := web.New(web.Config{
		Env: cfg.Env, BaseURL: cfg.BaseURL, SecretKey: key, CookieSecure: cfg.CookieSecure, TrustedProxies: cfg.trustedProxies(),
		TenantCacheTTL: 10 * time.Second,
		ShutdownDrain:  cfg.ShutdownDrain,
	}, web.Deps{Services: w.services, Blobs: w.blobs, Messages: w.messages, Logger: log, Registry: reg, Auth: authDeps})
	if err != nil {
		return err
	}
	wctx, stopWorker := context.WithCancel(ctx)
	waitWorker, err := startWorker(wctx, cfg, w, log)
	if err != nil {
		stopWorker()
		return err
	}
	// Runs before the pool closes (defers run last-in first-out): the job under way finishes first.
	defer awaitWorker(stopWorker, waitWorker, cfg.ShutdownGrace, log)
	log.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "env", cfg.Env)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, cfg.ShutdownGrace) }()
	return announceWhenReady(ctx, ln, served, out, cfg.BaseURL, time.Minute)
}

// serveMetrics exposes Prometheus metrics on a separate listener (loopback by default, never the public
// port); an empty address disables it. Its port is opened before the server starts, so a taken port stops
// the start with a message naming MAILLAGE_METRICS_ADDR.
func serveMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) (func(), error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := listenOn("MAILLAGE_METRICS_ADDR", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("metrics listener stopped", "addr", addr, "error", err.Error())
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}, nil
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
