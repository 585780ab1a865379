#!/usr/bin/env bash
# The README's test command: installs what is missing, starts a real broker (unless one is
# given or Docker can provide one), then builds, lints, typechecks and runs every test.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"

ensure_node_deps
ensure_local_postgres
ensure_chromium
ensure_compose_validator

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
log "checks: import cycles, services creating topics, generated docs against the code"
# Each check runs even when another failed, and the tests still run: one CI run names every problem.
checks=0
node --test scripts/*/*.test.mjs || checks=1
node scripts/checks/cycles.mjs || checks=1
node scripts/checks/topic-creation.mjs || checks=1
pnpm --silent docs:check || checks=1
pnpm --silent lint:openapi || checks=1
log "tests (unit and integration, real broker and database)"
rm -f packages/*/.test-results.json services/*/.test-results.json
rm -f packages/*/.test-stalled*.json services/*/.test-stalled*.json
reporters=(--reporter=default --reporter=json --outputFile.json=.test-results.json)
# Each package's run has a deadline (testkit's globalSetup): a worker stuck beyond the reach of
# vitest's timeouts ends that run with a report of its unfinished files instead of hanging CI.
export FOREWARN_TEST_DEADLINE_MIN="${FOREWARN_TEST_DEADLINE_MIN:-20}"
status=0
pnpm turbo run test --concurrency=2 --continue -- "${reporters[@]}" || status=$?
# A package that passed its deadline runs once more, alone; the summary names it either way,
# and test failures are never retried.
stalled=0
for report in packages/*/.test-stalled.json services/*/.test-stalled.json; do
  [ -e "$report" ] || continue
  stalled=1
  dir="$(dirname "$report")"
  log "$dir passed its test deadline ($(cat "$report")); running it once more"
  mv "$report" "$dir/.test-stalled-first.json"
  rm -f "$dir/.test-results.json"
  (cd "$dir" && pnpm run test "${reporters[@]}") || true
done
if [ "$stalled" = 1 ]; then
  # turbo's status counted the stalled run; the reports now say how every package ended.
  status=0
fi
node scripts/test-summary.mjs || status=1
# The fault suite (issue 14) kills and restarts real processes on a broker and database of its
# own, so it never disturbs the tests above. On by default since its verdict came out clean
# (every scenario at zero, infra/faults/RESULTS.md); FOREWARN_TEST_FAULTS=0 skips it. Bounded by
# FOREWARN_FAULTS_TIMEOUT_MIN (19-21 min on two shared cores). Its verdict's own tests run either
# way. The figures go beside the suite's state directory, not over infra/faults/RESULTS.md (the
# record of past runs).
node --test infra/faults/*.test.mjs || status=1
faults="skipped (FOREWARN_TEST_FAULTS=0)"
if [ "${FOREWARN_TEST_FAULTS:-1}" != 0 ]; then
  log "fault suite (pnpm test:faults)"
  faults_started=$SECONDS
  faults_status=0
  FAULTS_SKIP_BUILD=1 FAULTS_RESULTS="${FAULTS_RESULTS:-${FAULTS_STATE:-/tmp/forewarn-faults}-results.md}" \
    timeout --signal=TERM --kill-after=120 "${FOREWARN_FAULTS_TIMEOUT_MIN:-50}m" \
    bash infra/faults/run.sh || faults_status=$?
  faults_min=$(( (SECONDS - faults_started + 59) / 60 ))
  case "$faults_status" in
    0) faults="passed: every scenario at zero (${faults_min} min)" ;;
    124) faults="timed out after ${FOREWARN_FAULTS_TIMEOUT_MIN:-50} min"; status=1 ;;
    *) faults="failed (${faults_min} min): see the FAIL lines above"; status=1 ;;
  esac
fi
log "fault suite: $faults"
[ "$checks" = 0 ] || { log "a check failed (import cycles, topic creation, generated docs or OpenAPI lint): see above"; status=1; }
exit $status
