#!/usr/bin/env bash
# Starts or stops every Forewarn service as a background process of this checkout.
#   bash infra/services.sh start|stop|status
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"
run="$FOREWARN_STATE/run"
mkdir -p "$run" "$FOREWARN_STATE/logs"

each_service() { grep -v '^#' infra/services.tsv | while IFS=$'\t' read -r name port; do "$@" "$name" "$port"; done; }

start_one() {
  local name="$1" port="$2" pidfile="$run/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  [ -f "services/$name/dist/main.js" ] || die "services/$name is not built (pnpm build)"
  HTTP_PORT="$port" SERVICE_NAME="$name" nohup node --enable-source-maps "services/$name/dist/main.js" \
    >>"$FOREWARN_STATE/logs/$name.log" 2>&1 &
  echo $! >"$pidfile"
}

wait_ready() {
  local name="$1" port="$2"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then log "$name ready on :$port"; return 0; fi
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { tail -n 30 "$FOREWARN_STATE/logs/$name.log" >&2; die "$name exited during start-up"; }
    sleep 0.5
  done
  tail -n 30 "$FOREWARN_STATE/logs/$name.log" >&2
  die "$name not ready after 60 s (log: $FOREWARN_STATE/logs/$name.log)"
}

stop_one() {
  local name="$1" pidfile="$run/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pidfile"
}

status_one() {
  local name="$1" port="$2"
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then echo "$name	:$port	ready"; else echo "$name	:$port	down"; fi
}

case "${1:-}" in
  # Services only verify their topics: the topology command makes them first.
  start) node packages/cli/dist/main.js topics; each_service start_one; each_service wait_ready ;;
  stop) each_service stop_one ;;
  status) each_service status_one ;;
  *) die "usage: services.sh start|stop|status" ;;
esac
