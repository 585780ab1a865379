#!/usr/bin/env bash
# Stops the broker that start.sh started (never one it merely reused), waiting for a clean shutdown.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

pidfile="$FOREWARN_STATE/kafka/broker.pid"
[ -f "$pidfile" ] || exit 0
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  log "stopping Kafka (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && { log "broker still up after 30 s; killing"; kill -KILL "$pid"; }
fi
rm -f "$pidfile"
