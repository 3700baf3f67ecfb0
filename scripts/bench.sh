#!/usr/bin/env bash
# Runs the benchmark (issue #5) on this machine: starts PostgreSQL and Redis, builds in Release, then the bench
# console starts the Api and Worker processes against a fresh database and writes bench/results/latest.{json,md}
# and latency.png. Usage: scripts/bench.sh [--quick] [--only NAME] [--out DIR] [--generations 100,1000] [--published]
#   --quick: tiny sizes, writes bench/results/tmp/, which git ignores, asserts only that every scenario completes
#   --published: run the Api and Worker published ReadyToRun (linux-x64) instead of the Release build output
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ARGS+=(--quick); shift ;;
    --out) ARGS+=(--out "$2"); shift 2 ;;
    --only) ARGS+=(--only "$2"); shift 2 ;;
    --generations) ARGS+=(--generations "$2"); shift 2 ;;
    --published) PUBLISHED=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

start_infrastructure fonts-dejavu-core

log "building (Release)"
dotnet build "$ROOT/TaskRunner.sln" -c Release -v q -nologo >"$RUN_DIR/logs/bench-build.log" 2>&1 || { tail -n 40 "$RUN_DIR/logs/bench-build.log"; exit 1; }

if [ "${PUBLISHED:-0}" = 1 ]; then
  # The Api and Worker published ReadyToRun, so a process starts on precompiled code instead of JIT-compiling it.
  for project in Api Worker; do
    log "publishing $project (ReadyToRun)"
    dotnet publish "$ROOT/$project/$project.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      -o "$RUN_DIR/publish/$project" -v q -nologo >"$RUN_DIR/logs/bench-publish-$project.log" 2>&1 \
      || { tail -n 40 "$RUN_DIR/logs/bench-publish-$project.log"; exit 1; }
  done
  ARGS+=(--binaries "$RUN_DIR/publish")
fi

log "running the benchmark ${ARGS[*]:-(full)}"
exec dotnet "$ROOT/bench/bin/Release/net10.0/TaskRunner.Bench.dll" --root "$ROOT" --logs "$RUN_DIR/logs" "${ARGS[@]}"
