#!/usr/bin/env bash
# Captures the Grafana dashboard's figures into docs/images/metrics-*.png for the README. Grafana cannot run on the
# build machine, so a real Prometheus (Debian's package) scrapes the Api and a Worker process during a workload and
# its graph page draws the dashboard's queries, in headless Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

start_infrastructure chromium prometheus fonts-dejavu-core
mkdir -p "$ROOT/docs/images"
dotnet build "$ROOT/tests/TaskRunner.WebTests" -c Release -v q -nologo
TASKRUNNER_SCREENSHOT_DIR="$ROOT/docs/images" dotnet test "$ROOT/tests/TaskRunner.WebTests" -c Release --no-build \
  --filter "FullyQualifiedName~MetricsScreenshotTests" --logger "console;verbosity=normal"
ls -l "$ROOT"/docs/images/metrics-*.png
