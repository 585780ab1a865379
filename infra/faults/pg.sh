#!/usr/bin/env bash
# The fault suite's own throwaway PostgreSQL cluster, so restarting or stopping it never touches
# the shared server on 5432 that other test runs use.
#   bash infra/faults/pg.sh init|start|stop|restart|crash|destroy
# Env: FAULTS_PG_DIR (cluster directory), FAULTS_PG_PORT (55432).
set -euo pipefail
dir="${FAULTS_PG_DIR:?FAULTS_PG_DIR is not set}"
port="${FAULTS_PG_PORT:-55432}"
bin="${FAULTS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
[ -x "$bin/pg_ctl" ] || { echo "no pg_ctl under /usr/lib/postgresql/*/bin (set FAULTS_PG_BIN)" >&2; exit 1; }

# initdb and the server refuse to run as root: run them as postgres when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
ctl() { as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 "$@"; }
opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"

case "${1:-}" in
  init)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    ;;
  start) ctl -o "$opts" start >/dev/null ;;
  stop) ctl -m fast stop >/dev/null ;;
  restart) ctl -m fast -o "$opts" restart >/dev/null ;;
  # A crash: no checkpoint, crash recovery on the next start.
  crash) ctl -m immediate stop >/dev/null ;;
  destroy)
    [ -f "$dir/data/postmaster.pid" ] && ctl -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg.sh init|start|stop|restart|crash|destroy" >&2; exit 2 ;;
esac
