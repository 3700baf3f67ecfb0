#!/usr/bin/env bash
# Sets up what the tests need (PostgreSQL, Redis, fonts for the PDF corpus) and runs every test in the solution
# against the real servers. Integration tests create and drop their own databases.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# prometheus: PrometheusDashboardTests run /usr/bin/prometheus themselves (free loopback port, temporary config and
# TSDB), so the Debian service the package may start on :9090 is neither used nor in the way.
start_infrastructure fonts-arphic-gbsn00lp fonts-dejavu-core nodejs chromium prometheus
# npm: Debian ships it apart from nodejs; NodeSource's nodejs carries its own and conflicts with Debian's package.
command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq npm >/dev/null
npm ci --prefix "$ROOT/tests/TaskRunner.IntegrationTests/eventsource-client" --no-audit --no-fund --silent # the standard EventSource client of the SSE tests
# Redocly CLI, pinned in tools/openapi-lint/package-lock.json, lints the OpenAPI document in OpenApiLintTests.
(cd "$ROOT/tools/openapi-lint" && npm ci --no-audit --no-fund --loglevel=error)

RESULTS="$RUN_DIR/test-results"
rm -rf "$RESULTS" "$RUN_DIR/fault-report.json"
log "building"
dotnet build "$ROOT/TaskRunner.sln" -c Release -v q -nologo
status=0
dotnet test "$ROOT/TaskRunner.sln" -c Release --no-build -v q --logger "console;verbosity=normal" \
  --results-directory "$RESULTS" --logger "trx" -- RunConfiguration.TestSessionTimeout=1500000 \
  2>&1 | tee "$RUN_DIR/logs/test.log" || status=$?

# The benchmark's smoke run: every scenario must complete; nothing is asserted about speed.
log "benchmark smoke run (scripts/bench.sh --quick)"
if dotnet "$ROOT/bench/bin/Release/net10.0/TaskRunner.Bench.dll" --quick --root "$ROOT" --logs "$RUN_DIR/logs" >"$RUN_DIR/logs/bench-quick.log" 2>&1; then
  log "benchmark smoke run: every scenario completed"
else
  log "benchmark smoke run FAILED; see $RUN_DIR/logs/bench-quick.log"; tail -n 30 "$RUN_DIR/logs/bench-quick.log"
  status=1
fi

# The fault suite's figures: totals, then one line per fault kind (injected, survived, tasks checked, lost, duplicated).
if [ -f "$RUN_DIR/fault-report.json" ]; then
  log "fault suite (.run/fault-report.json):"
  cat "$RUN_DIR/fault-report.json"
fi

# One closing line for the whole solution, summed over the test assemblies' summaries.
count() { grep -E "^ +$1: +[0-9]+$" "$RUN_DIR/logs/test.log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
# CI shows only the tail of this output, so the failed tests' names (and the first lines of each failure) come last.
if [ "$(count Failed)" != 0 ]; then
  echo "failed tests:"
  # A result line reads "  Failed Namespace.Class.Method [12 s]"; log lines such as Hangfire's "Failed to process the
  # job" do not match. awk, unlike head, reads to the end, so no stage of the pipe dies of SIGPIPE under pipefail.
  { grep -E -A6 "^ +Failed [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+.* \[[^]]+\]$" "$RUN_DIR/logs/test.log" || true; } \
    | cut -c1-300 | awk 'NR <= 80'
fi
exit "$status"
