#!/usr/bin/env bash
# The README's main command: the whole Forewarn stack on this machine, then a simulated
# distributor's day through it. Leaves the stack running until Ctrl-C, or stops it at the
# end with --stop.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"

stop_after=0
for arg in "$@"; do
  case "$arg" in
    --stop) stop_after=1 ;;
    *) die "unknown option $arg (usage: infra/main.sh [--stop])" ;;
  esac
done

ensure_node_deps
ensure_local_postgres
log "build"
pnpm turbo run build --output-logs=errors-only
bash infra/kafka/start.sh
bash infra/postgres/ensure-db.sh
export KAFKA_BROKERS DATABASE_URL

shutdown() {
  log "stopping the stack"
  bash infra/services.sh stop
  bash infra/kafka/stop.sh
}

bash infra/services.sh start || { shutdown; exit 1; }
bash infra/services.sh status

if [ -f scripts/simulate.mjs ]; then
  node scripts/simulate.mjs || { shutdown; exit 1; }
fi

cat <<TXT

Forewarn is running:
  order              http://127.0.0.1:4101/docs
  shipment           http://127.0.0.1:4102/docs
  exception-detector http://127.0.0.1:4103/docs
  notification       http://127.0.0.1:4104/docs
  logs               $FOREWARN_STATE/logs/
TXT

if [ "$stop_after" = 1 ]; then
  shutdown
  exit 0
fi
trap 'shutdown; exit 0' INT TERM
log "stack running; Ctrl-C stops it"
while true; do sleep 3600; done
