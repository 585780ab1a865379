#!/usr/bin/env bash
# The README's main command: the whole Forewarn stack on this machine (Kafka, PostgreSQL, every
# service), a simulated distributor's day through it, and a summary scored against the day's
# ground truth. Leaves the stack running until Ctrl-C, or stops it at the end with --stop.
#   bash infra/main.sh [--stop] [--orders N] [--seed N] [--speed X] [--days N]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"

ensure_node_deps
ensure_local_postgres
log "build"
pnpm turbo run build --output-logs=errors-only
started_kafka=0
port_open 127.0.0.1 "$KAFKA_PORT" || started_kafka=1
bash infra/kafka/start.sh
stop_kafka() { [ "$started_kafka" = 1 ] && bash infra/kafka/stop.sh || true; }
trap stop_kafka EXIT

node --enable-source-maps packages/simulator/dist/demo/demo.js --root "$FOREWARN_ROOT" "$@"
