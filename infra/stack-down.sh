#!/usr/bin/env bash
# `pnpm stack:down`: stops what `pnpm stack:up` started (compose, or the local services and the
# broker it started). Data stays: the compose volumes, the local database and broker logs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"
mode_file="$FOREWARN_STATE/stack-mode"
mode="$(cat "$mode_file" 2>/dev/null || echo local)"

if [ "$mode" = compose ]; then
  docker_engine_answers || die "the stack was started with docker compose, but no Docker engine answers"
  log "stopping the compose stack"
  docker compose down
else
  log "stopping the local services"
  bash infra/services.sh stop
  if [ -f "$FOREWARN_STATE/stack-started-kafka" ]; then
    bash infra/kafka/stop.sh
    rm -f "$FOREWARN_STATE/stack-started-kafka"
  fi
fi
rm -f "$mode_file"
log "stack stopped"
