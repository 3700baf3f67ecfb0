#!/usr/bin/env bash
# Stops the Api and Worker processes that run.sh started (by pid), and the Redis it started.
# PostgreSQL is the system's cluster and is left running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
quiet=false; [ "${1:-}" = "--quiet" ] && quiet=true
shopt -s nullglob
for pidfile in "$RUN_DIR"/api.pid "$RUN_DIR"/worker-*.pid "$RUN_DIR"/redis.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    $quiet || echo "stopped $(basename "$pidfile" .pid) ($pid)"
  fi
  rm -f "$pidfile"
done
