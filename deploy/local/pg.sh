#!/usr/bin/env bash
# Private PostgreSQL for `make run` and `make test`: a cluster under .data/pg started from the system's
# binaries (installed from Debian's packages when missing and we are root), listening on 127.0.0.1 on its
# own port with its socket in the data directory, so it never clashes with a system cluster.
#
#   deploy/local/pg.sh start   # prints the env lines (export ...) to use it
#   deploy/local/pg.sh stop
#
# Roles: the cluster superuser (bootstrap only), maillage_owner (owns the schema, runs migrations),
# maillage_app (what the server connects as: owns nothing, no BYPASSRLS).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
data="$here/.data/pg"
port_file="$here/.data/pg.port"

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return; }; done
  command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)" && return
  return 1
}

bin=$(find_bin || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pg.sh: PostgreSQL not found; installing Debian's postgresql package…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib) >&2
    bin=$(find_bin)
  else
    echo "pg.sh: PostgreSQL server binaries not found. Install them (sudo apt-get install postgresql) or set DATABASE_URL and MIGRATION_DATABASE_URL." >&2
    exit 1
  fi
fi

as_pg() { # initdb/postgres refuse to run as root: use the postgres user then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
superuser() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()
PY
}

cmd=${1:-start}
case "$cmd" in
start)
  mkdir -p "$here/.data"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown -R postgres "$data" && chmod 700 "$data" && chmod o+x "$here" "$here/.data" 2>/dev/null || true
    as_pg "$bin/initdb" -D "$data" -U "$(superuser)" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port=$(free_port); echo "$port" >"$port_file"
    as_pg "$bin/pg_ctl" -D "$data" -w -l "$data/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  fi
  port=$(cat "$port_file")
  su=$(superuser)
  psql_su() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$su" "$@"; }
  psql_su -d postgres -f "$here/deploy/postgres/roles.sql" >/dev/null
  psql_su -d postgres -tAc "select 1 from pg_database where datname='maillage'" | grep -q 1 ||
    psql_su -d postgres -c "create database maillage owner maillage_owner" >/dev/null
  cat <<ENV
export MAILLAGE_TEST_ADMIN_URL='postgres://$su@127.0.0.1:$port/postgres?sslmode=disable'
export MIGRATION_DATABASE_URL='postgres://maillage_owner:maillage_owner@127.0.0.1:$port/maillage?sslmode=disable'
export DATABASE_URL='postgres://maillage_app:maillage_app@127.0.0.1:$port/maillage?sslmode=disable'
ENV
  ;;
stop)
  [ -s "$data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
