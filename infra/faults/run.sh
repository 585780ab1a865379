#!/usr/bin/env bash
# The fault suite (`pnpm test:faults`): its own Kafka broker and PostgreSQL cluster on ports of
# their own, the whole stack per scenario on its own HTTP ports, everything stopped on exit.
# Never touches the shared broker (9092) or database (5432). Knobs: see infra/faults/README.md.
export KAFKA_PORT="${FAULTS_KAFKA_PORT:-19092}"
export KAFKA_CONTROLLER_PORT="${FAULTS_KAFKA_CONTROLLER_PORT:-19093}"
export FAULTS_STATE="${FAULTS_STATE:-/tmp/forewarn-faults}"
export FOREWARN_STATE="$FAULTS_STATE/stack"
export FAULTS_PG_PORT="${FAULTS_PG_PORT:-55432}"
export FAULTS_PG_DIR="$FAULTS_STATE/pg"
export FAULTS_PG_URL="postgres://postgres@127.0.0.1:$FAULTS_PG_PORT"
export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export DATABASE_URL="$FAULTS_PG_URL/postgres"
# A dozen stack starts under whatever else the machine runs: more than runDay's 90 s for /readyz.
export FOREWARN_READY_TIMEOUT_S="${FOREWARN_READY_TIMEOUT_S:-300}"
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$FOREWARN_ROOT"

for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$FAULTS_PG_PORT"; do
  port_open 127.0.0.1 "$port" && die "port $port is taken: another fault suite running? (FAULTS_*_PORT to move it)"
done

cleanup() {
  local status=$?
  bash infra/kafka/stop.sh || true
  bash infra/faults/pg.sh destroy || true
  [ "${FAULTS_KEEP_STATE:-0}" = 1 ] || rm -rf "$FOREWARN_STATE/kafka"
  exit $status
}
suite=""
trap cleanup EXIT
# The suite stops its scenario's services on TERM; wait for it before stopping the broker.
trap '[ -n "$suite" ] && kill -TERM "$suite" 2>/dev/null; wait "$suite" 2>/dev/null; exit 130' INT TERM

rm -rf "$FAULTS_STATE"
mkdir -p "$FAULTS_STATE"
if [ "${FAULTS_SKIP_BUILD:-0}" != 1 ]; then
  log "build"
  pnpm turbo run build --output-logs=errors-only --filter "./services/*" --filter @forewarn/simulator
fi
log "PostgreSQL of the suite's own on 127.0.0.1:$FAULTS_PG_PORT ($FAULTS_PG_DIR)"
bash infra/faults/pg.sh init
bash infra/faults/pg.sh start
bash infra/kafka/start.sh
node --enable-source-maps infra/faults/suite.mjs &
suite=$!
wait "$suite"
