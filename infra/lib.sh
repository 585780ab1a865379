# Shared helpers for the infra scripts. Sourced, never run.
set -euo pipefail

FOREWARN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# State of this checkout's local stack (broker data, logs, pids). Git-ignored.
FOREWARN_STATE="${FOREWARN_STATE:-$FOREWARN_ROOT/.forewarn}"
# Downloads shared by every checkout on the machine, so a second clone starts offline.
FOREWARN_CACHE="${FOREWARN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/forewarn}"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/forewarn}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"

log() { printf '\033[36m[forewarn]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[forewarn] %s\033[0m\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on host:port.
port_open() {
  local host="$1" port="$2"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

docker_engine_answers() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

# Installs pnpm (pinned in package.json) when missing, then the workspace dependencies.
ensure_node_deps() {
  local want
  want="$(node -p "require('$FOREWARN_ROOT/package.json').packageManager.split('@')[1]")"
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
    log "installing pnpm $want"
    npm install -g --silent "pnpm@$want" >/dev/null 2>&1 || die "could not install pnpm $want with npm"
  fi
  log "installing dependencies (pnpm install)"
  (cd "$FOREWARN_ROOT" && CI=true pnpm install --frozen-lockfile --reporter=silent) \
    || (cd "$FOREWARN_ROOT" && CI=true pnpm install --reporter=silent)
}

# The local PostgreSQL of our machines is started before a session, but may have stopped.
ensure_local_postgres() {
  case "$DATABASE_URL" in *@127.0.0.1:5432/*|*@localhost:5432/*) ;; *) return 0 ;; esac
  port_open 127.0.0.1 5432 && return 0
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    log "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  port_open 127.0.0.1 5432 || die "no PostgreSQL at 127.0.0.1:5432; set DATABASE_URL to one"
}

# The console's browser tests drive Debian's chromium (playwright-core ships no browser).
# Best effort: docker-compose (Debian's 1.29) validates docker-compose.yml without an engine
# (scripts/repo/repo.test.mjs); without it that one check is skipped, not failed.
ensure_compose_validator() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  log "installing docker-compose (validates docker-compose.yml; no engine needed)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1 \
    || log "could not install docker-compose: the compose parser check will be skipped"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "no /usr/bin/chromium and no apt-get to install it"
  log "installing chromium (console browser tests)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null 2>&1 \
      && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } \
    || die "could not install chromium with apt-get"
}
