#!/usr/bin/env bash
# Runs the benchmark (issue #5) on this machine: starts PostgreSQL and Redis, builds in Release, then the bench
# console starts the Api and Worker processes against a fresh database and writes bench/results/latest.{json,md}
# and latency.png. Usage: scripts/bench.sh [--quick]   (--quick: tiny sizes, writes bench/results/tmp/, which git ignores, asserts only
# that every scenario completes)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ARGS+=(--quick); shift ;;
    --out) ARGS+=(--out "$2"); shift 2 ;;
    --only) ARGS+=(--only "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

start_infrastructure fonts-dejavu-core

log "building (Release)"
dotnet build "$ROOT/TaskRunner.sln" -c Release -v q -nologo >"$RUN_DIR/logs/bench-build.log" 2>&1 || { tail -n 40 "$RUN_DIR/logs/bench-build.log"; exit 1; }

log "running the benchmark ${ARGS[*]:-(full)}"
exec dotnet "$ROOT/bench/bin/Release/net10.0/TaskRunner.Bench.dll" --root "$ROOT" --logs "$RUN_DIR/logs" "${ARGS[@]}"
