#!/usr/bin/env bash
# The README's test command: installs what is missing, starts a real broker (unless one is
# given or Docker can provide one), then builds, lints, typechecks and runs every test.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"

ensure_node_deps
ensure_local_postgres
ensure_chromium

started_kafka=0
cleanup() { [ "$started_kafka" = 1 ] && bash infra/kafka/stop.sh || true; }
trap cleanup EXIT

if [ -n "${FOREWARN_TEST_KAFKA_BROKERS:-}" ]; then
  export KAFKA_BROKERS="$FOREWARN_TEST_KAFKA_BROKERS"
  export DATABASE_URL="${FOREWARN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
elif docker_engine_answers; then
  # testkit starts Kafka and PostgreSQL with testcontainers.
  unset KAFKA_BROKERS DATABASE_URL
else
  port_open 127.0.0.1 "$KAFKA_PORT" || started_kafka=1
  bash infra/kafka/start.sh
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
  export DATABASE_URL="${FOREWARN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
fi

log "build"
pnpm turbo run build --output-logs=errors-only
log "lint and typecheck"
pnpm lint
pnpm turbo run typecheck --output-logs=errors-only
log "tests (unit and integration, real broker and database)"
rm -f packages/*/.test-results.json services/*/.test-results.json
status=0
pnpm turbo run test --concurrency=2 --continue -- --reporter=default --reporter=json --outputFile.json=.test-results.json || status=$?
node scripts/test-summary.mjs || status=1
exit $status
