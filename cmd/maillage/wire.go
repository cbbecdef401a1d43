package main

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"gorm.io/gorm"

	"maillage/app/accounts"
	"maillage/app/auth"
	"maillage/app/database"
	"maillage/app/services"
	"maillage/app/uploads"
	"maillage/app/web"
)

// wiring is the program's object graph, built once by wire for `serve`: the app role's pool, the parsed
// messages, the document store and every domain service. The web server and the job worker both take
// their parts from it, so no service exists twice in one process.
type wiring struct {
	db       *gorm.DB
	messages *web.Messages
	blobs    uploads.Store
	services *services.Set
}

// wire opens the pool (checking that it runs as the app role) and builds everything on it; reg, when
// set, gets the pool's statistics. close releases the pool: call it only after the worker has stopped.
func wire(ctx context.Context, cfg config, key []byte, reg *prometheus.Registry, log *slog.Logger) (w *wiring, close func(), err error) {
	msgs, err := web.NewMessages() // the locale files, parsed once for the server, the worker and the demo provider
	if err != nil {
		return nil, nil, err
	}
	// The document store first: an unreachable S3 bucket stops the start here, before the pool opens.
	blobs, err := uploads.OpenStore(cfg.BlobDir, cfg.s3())
	if err != nil {
		return nil, nil, err
	}
	keys, err := auth.KeyringFor(cfg.SecretKeys, key)
	if err != nil {
		return nil, nil, err
	}
	db, err := appDB(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	close = func() { _ = database.Close(db) }
	if err := database.CheckAppRole(ctx, db); err != nil {
		close()
		return nil, nil, err
	}
	if reg != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(database.SQL(db), "maillage"))
	}
	set, err := services.New(db, services.Options{Logger: log, BaseURL: cfg.BaseURL, SecretKey: key, Keyring: keys,
		Sessions: accounts.SessionPolicy{Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute}, Billing: cfg.billing()})
	if err != nil {
		close()
		return nil, nil, err
	}
	return &wiring{db: db, messages: msgs, blobs: blobs, services: set}, close, nil
}
