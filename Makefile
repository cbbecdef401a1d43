# Maillage — the two commands: `make run` and `make test`. Both need only Go on a Debian/Ubuntu machine: a
# private PostgreSQL is started under .data/ (installed from Debian's packages when missing) unless
# DATABASE_URL and MIGRATION_DATABASE_URL are already set.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/maillage
PG := deploy/local/pg.sh
# staticcheck, pinned: `make test` runs it through the Go module proxy, so a fresh machine needs nothing more.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Use the given database when both URLs are set, else the private cluster.
WITH_DB = if [ -n "$${DATABASE_URL:-}" ] && [ -n "$${MIGRATION_DATABASE_URL:-}" ]; then :; else eval "$$($(PG) start)"; fi

.PHONY: run test fmt-check lint build vet db-start db-stop browser-deps bench clean help

help:
	@echo "make run    — build, migrate, load demo data, serve at http://localhost:8080"
	@echo "make test   — every test (unit, PostgreSQL, browser) on throwaway databases"
	@echo "make bench  — the benchmarks of the README"
	@echo "make lint   — gofmt, go vet and staticcheck (also run by make test)"

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/maillage

# MAILLAGE_ENV unset means production: `make run` asks for development explicitly (demo provider, dev key, seed).
# `serve` prints the address only once /readyz answers; a taken port names the variable that moves it
# (MAILLAGE_ADDR, MAILLAGE_DEMO_IDP_ADDR, MAILLAGE_METRICS_ADDR).
run: build
	@export MAILLAGE_ENV=$${MAILLAGE_ENV:-development}; $(WITH_DB); \
	$(BIN) migrate up; \
	$(BIN) seed demo; \
	echo "Starting Maillage (it prints its address once it answers)…"; \
	MAILLAGE_COOKIE_SECURE=$${MAILLAGE_COOKIE_SECURE:-true} exec $(BIN) serve

# Browser tests use Debian's chromium (never a downloaded browser).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

test: browser-deps fmt-check
	@if [ -z "$${MAILLAGE_TEST_ADMIN_URL:-}" ]; then eval "$$($(PG) start)"; fi; \
	if [ -z "$${MAILLAGE_TEST_STRIPE_URL:-}" ]; then eval "$$(deploy/local/stripe-mock.sh start)"; trap 'deploy/local/stripe-mock.sh stop' EXIT; fi; \
	$(GO) vet ./...; \
	$(GO) run $(STATICCHECK) ./...; \
	$(GO) test -count=1 -p 2 -timeout 30m ./...

# Every tracked Go file as gofmt writes it (a diff of spaces is noise in review).
fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.data/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed (run gofmt -w): $$unformatted"; exit 1; fi

lint: fmt-check
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

bench:
	@if [ -z "$${MAILLAGE_TEST_ADMIN_URL:-}" ]; then eval "$$($(PG) start)"; fi; \
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./...

db-start:
	@$(PG) start

db-stop:
	@$(PG) stop

clean: db-stop
	rm -rf bin .data
