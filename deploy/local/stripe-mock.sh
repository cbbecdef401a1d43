#!/usr/bin/env bash
# Stripe's own API mock for `make test`: stripe-mock, pinned, installed from the Go module proxy into
# .data/bin (once), started on a free loopback port.
#
#   deploy/local/stripe-mock.sh start   # prints the export line (MAILLAGE_TEST_STRIPE_URL=…) to use it
#   deploy/local/stripe-mock.sh stop
#
# Version: v0.162.0 (April 2023) is the newest release served here whose OpenAPI fixtures still follow the
# 2023 API shapes that stripe-go v76 (API version 2023-10-16) reads (subscription.current_period_end…);
# v0.203.0 (2026) accepts the same requests but answers in the 2025+ shapes. Webhooks are never sent by
# stripe-mock: the tests sign their own events (webhook.GenerateTestSignedPayload).
set -euo pipefail
version=v0.162.0
here=$(cd "$(dirname "$0")/../.." && pwd)
bin="$here/.data/bin/stripe-mock-$version"
pid_file="$here/.data/stripe-mock.pid"
case "${1:-}" in
start)
  mkdir -p "$here/.data/bin"
  if [ ! -x "$bin" ]; then
    echo "stripe-mock.sh: installing github.com/stripe/stripe-mock@$version…" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && GOBIN="$tmp" GOFLAGS= go install "github.com/stripe/stripe-mock@$version") >&2
    mv "$tmp/stripe-mock" "$bin"
    rm -rf "$tmp"
  fi
  log="$here/.data/stripe-mock.log"
  # Port 0 for both listeners: the system picks free ports (several runs may share a machine).
  nohup "$bin" -http-addr 127.0.0.1:0 -https-addr 127.0.0.1:0 >"$log" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 100); do
    addr=$(sed -n 's/^Listening for HTTP at address: //p' "$log" | head -1)
    if [ -n "$addr" ]; then
      echo "export MAILLAGE_TEST_STRIPE_URL=http://$addr"
      exit 0
    fi
    sleep 0.1
  done
  echo "stripe-mock.sh: stripe-mock did not start (see .data/stripe-mock.log)" >&2
  exit 1
  ;;
stop)
  [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
