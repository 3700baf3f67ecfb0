#!/usr/bin/env bash
# Sets up what the tests need (PostgreSQL, Redis, fonts for the PDF corpus) and runs every test in the solution
# against the real servers. Integration tests create and drop their own databases.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

start_infrastructure fonts-arphic-gbsn00lp

RESULTS="$RUN_DIR/test-results"
rm -rf "$RESULTS"
log "building"
dotnet build "$ROOT/TaskRunner.sln" -c Release -v q -nologo
status=0
dotnet test "$ROOT/TaskRunner.sln" -c Release --no-build -v q --logger "console;verbosity=normal" \
  --results-directory "$RESULTS" --logger "trx" -- RunConfiguration.TestSessionTimeout=1500000 \
  2>&1 | tee "$RUN_DIR/logs/test.log" || status=$?

passed=0; failed=0; skipped=0
while read -r line; do
  p=$(sed -n 's/.*Passed: *\([0-9]*\).*/\1/p' <<<"$line"); f=$(sed -n 's/.*Failed: *\([0-9]*\).*/\1/p' <<<"$line"); s=$(sed -n 's/.*Skipped: *\([0-9]*\).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done < <(grep -E '^(Passed|Failed)! +- ' "$RUN_DIR/logs/test.log" || true)
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
