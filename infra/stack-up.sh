#!/usr/bin/env bash
# `pnpm stack:up`: Forewarn's stack to work against, left running (no simulated day; for that,
# `bash infra/main.sh`). With a Docker engine: docker compose, from .env (copy .env.example and
# fill in every value). Without one: the local broker and PostgreSQL and every service as a
# background process of this checkout, with keys generated once into .forewarn/stack.env.
# `pnpm stack:down` stops whichever was started. FOREWARN_STACK=local skips Docker.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$FOREWARN_ROOT"
mkdir -p "$FOREWARN_STATE"
mode_file="$FOREWARN_STATE/stack-mode"

if [ "${FOREWARN_STACK:-}" != local ] && docker_engine_answers; then
  [ -f .env ] || die "no .env: copy .env.example to .env and fill in every value (no secret has a default)"
  log "starting the stack with docker compose"
  docker compose up --build --detach --wait
  echo compose >"$mode_file"
  log "up: services on :4101-4105, mail catcher on http://127.0.0.1:8025; pnpm stack:down stops it"
  exit 0
fi

ensure_node_deps
ensure_local_postgres
# FOREWARN_SKIP_BUILD=1 starts what is already built.
if [ "${FOREWARN_SKIP_BUILD:-0}" != 1 ]; then
  log "build"
  pnpm turbo run build --output-logs=errors-only
fi

# The stack's database, created when missing (the tests and the simulated day use their own).
db_name="${DATABASE_URL##*/}"
db_name="${db_name%%\?*}"
admin_url="${DATABASE_URL%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  log "creating database $db_name"
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\""
fi

echo local >"$mode_file"
started_kafka=0
port_open 127.0.0.1 "$KAFKA_PORT" || started_kafka=1
bash infra/kafka/start.sh
# stack:down stops only a broker this script started, never one it found running.
[ "$started_kafka" = 1 ] && touch "$FOREWARN_STATE/stack-started-kafka"

# Keys of this checkout's stack: random, written once, never committed (.forewarn is ignored).
env_file="$FOREWARN_STATE/stack.env"
if [ ! -f "$env_file" ]; then
  new_key() { node -e "console.log(require('node:crypto').randomBytes(24).toString('hex'))"; }
  umask 077
  # An operations manager reads every customer's cases and orders; the admin manages the rest.
  cat >"$env_file" <<ENV
API_KEYS=[{"key":"$(new_key)","role":"ops_manager","name":"local stack operations manager"},{"key":"$(new_key)","role":"admin","name":"local stack admin"}]
SOURCE_HMAC_SECRETS={}
ENV
  log "wrote $env_file (its API keys: an operations manager and an admin)"
fi
# Read as compose reads an env file, not as shell: JSON values keep their quotes. An empty value
# means "the service's default", as in compose.
load_env_file() {
  local key value
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '#'* | '') continue ;; esac
    key="${line%%=*}"
    value="${line#*=}"
    [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    case "$value" in \'*\' | \"*\") value="${value:1:${#value}-2}" ;; esac
    if [ -z "$value" ]; then unset "$key"; else export "$key=$value"; fi
  done <"$1"
}
load_env_file "$env_file"
# A .env of the developer's own overrides the generated keys (and may name a mail relay).
[ -f .env ] && load_env_file .env

# Services never create topics: the topology command creates the contract's, before any starts.
if [ -f packages/cli/dist/commands/topics.js ]; then
  log "topics (the contract's topology)"
  node packages/cli/dist/main.js topics
fi
bash infra/services.sh start
bash infra/services.sh status
log "up; keys in $env_file; pnpm stack:down stops it (logs in $FOREWARN_STATE/logs)"
