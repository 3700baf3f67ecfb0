#!/usr/bin/env bash
# Shared by run.sh, test.sh, bench.sh and down.sh: installs what is missing (Debian/Ubuntu),
# starts PostgreSQL and Redis on 127.0.0.1, and exports the settings every process reads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
DATA_DIR="$ROOT/.data"
mkdir -p "$RUN_DIR/logs" "$DATA_DIR"

PG_PORT="${TASKRUNNER_PG_PORT:-5432}"
REDIS_PORT="${TASKRUNNER_REDIS_PORT:-6379}"
PG_USER="${TASKRUNNER_PG_USER:-taskrunner}"
PG_PASSWORD="${TASKRUNNER_PG_PASSWORD:-taskrunner}"
PG_DB="${TASKRUNNER_PG_DB:-taskrunner}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export ConnectionStrings__Postgres="${ConnectionStrings__Postgres:-Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD;SSL Mode=Disable}"
export ConnectionStrings__Redis="${ConnectionStrings__Redis:-127.0.0.1:$REDIS_PORT}"
export Storage__Root="${Storage__Root:-$DATA_DIR/storage}"

log() { printf '\033[1m[taskrunner]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# Installs the Debian packages the platform needs when they are missing.
ensure_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql postgresql-contrib)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v curl >/dev/null || missing+=(curl)
  for extra in "$@"; do dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v dotnet >/dev/null; then
    log "the .NET 10 SDK is required (https://dot.net); install it and run again"
    exit 1
  fi
}

pg_version() { ls /usr/lib/postgresql | sort -V | tail -n 1; }

wait_for_postgres() {
  for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && return; sleep 0.5; done
  log "PostgreSQL did not become ready"; exit 1
}

# Starts the Debian PostgreSQL cluster (creating it if needed) and makes the role and database.
start_postgres() {
  local version; version="$(pg_version)"
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    log "creating PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $version on 127.0.0.1:$PG_PORT"
    as_root pg_ctlcluster "$version" main start
  fi
  wait_for_postgres
  # Api, Workers, Hangfire and the test hosts each keep a connection pool; the default of 100 is tight.
  if [ "$(as_postgres psql -p "$PG_PORT" -qtAc 'show max_connections')" -lt 300 ]; then
    log "raising max_connections to 300 (restarts PostgreSQL)"
    as_postgres psql -p "$PG_PORT" -qc "alter system set max_connections = 300"
    as_root pg_ctlcluster "$version" main restart
    wait_for_postgres
  fi
  as_postgres psql -p "$PG_PORT" -qtAc "select 1 from pg_roles where rolname = '$PG_USER'" | grep -q 1 ||
    as_postgres psql -p "$PG_PORT" -qc "create role $PG_USER login createdb password '$PG_PASSWORD'"
  as_postgres psql -p "$PG_PORT" -qtAc "select 1 from pg_database where datname = '$PG_DB'" | grep -q 1 ||
    as_postgres psql -p "$PG_PORT" -qc "create database $PG_DB owner $PG_USER"
}

# Starts Redis on 127.0.0.1 unless one already answers there.
start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return; fi
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$DATA_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DATA_DIR/redis" \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/logs/redis.log" --save "" --appendonly no
  for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return; sleep 0.25; done
  log "Redis did not become ready"; exit 1
}

start_infrastructure() {
  ensure_packages "$@"
  start_postgres
  start_redis
  mkdir -p "$Storage__Root"
}
