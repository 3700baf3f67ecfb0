#!/usr/bin/env bash
# Captures the web app (desktop and phone) and the Hangfire dashboard into docs/images/ for the README, by running the web tests' screenshot
# test in headless Chromium against the real Api and a Worker.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

start_infrastructure chromium fonts-arphic-gbsn00lp fonts-dejavu-core
mkdir -p "$ROOT/docs/images"
dotnet build "$ROOT/tests/TaskRunner.WebTests" -c Release -v q -nologo
TASKRUNNER_SCREENSHOT_DIR="$ROOT/docs/images" dotnet test "$ROOT/tests/TaskRunner.WebTests" -c Release --no-build \
  --filter "FullyQualifiedName~ScreenshotTests|FullyQualifiedName~HangfireDashboardTests" --logger "console;verbosity=normal"
ls -l "$ROOT"/docs/images/webapp-*.png "$ROOT"/docs/images/dashboard-*.png
