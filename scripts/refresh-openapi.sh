#!/usr/bin/env bash
# Rewrites clients/openapi/v1.json (the copy TaskRunner.Client is generated from) from the live Api's document.
# OpenApiSnapshotTests fails while the copy is stale; this runs that test in refresh mode.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start_infrastructure
dotnet build "$ROOT/tests/TaskRunner.IntegrationTests" -c Release -v q -nologo
TASKRUNNER_REFRESH_OPENAPI=1 dotnet test "$ROOT/tests/TaskRunner.IntegrationTests" -c Release --no-build \
  --filter "FullyQualifiedName~OpenApiSnapshotTests"
log "clients/openapi/v1.json refreshed; rebuild TaskRunner.Client"
