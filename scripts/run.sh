#!/usr/bin/env bash
# Brings the platform up on this machine: PostgreSQL, Redis, migrations, the Api and Worker processes.
# Usage: scripts/run.sh [--workers N]   (N Worker processes, default 2; WORKER_QUEUES, WORKER_COUNT and WORKER_WAITING_COUNT tune each)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WORKER_PROCESSES=2
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) WORKER_PROCESSES="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

"$ROOT/scripts/down.sh" --quiet || true
start_infrastructure

log "building (Release)"
dotnet build "$ROOT/TaskRunner.sln" -c Release -v q -nologo >"$RUN_DIR/logs/build.log" 2>&1 || { tail -n 40 "$RUN_DIR/logs/build.log"; exit 1; }
# The default embedder: the built-in all-MiniLM-L6-v2 through ONNX Runtime (Embeddings__Provider=hashing for the lexical one).
export Embeddings__Provider="${Embeddings__Provider:-onnx}"
API_DLL="$ROOT/Api/bin/Release/net10.0/TaskRunner.Api.dll"
WORKER_DLL="$ROOT/Worker/bin/Release/net10.0/TaskRunner.Worker.dll"

log "applying migrations"
dotnet "$API_DLL" migrate

API_URL="${API_URL:-http://127.0.0.1:8080}"
ASPNETCORE_URLS="$API_URL" nohup dotnet "$API_DLL" >"$RUN_DIR/logs/api.log" 2>&1 &
echo $! >"$RUN_DIR/api.pid"

for i in $(seq 1 "$WORKER_PROCESSES"); do
  Worker__Queues="${WORKER_QUEUES:-default,embed,ingest,llm}" Worker__Count="${WORKER_COUNT:-4}" Worker__WaitingCount="${WORKER_WAITING_COUNT:-12}" \
    nohup dotnet "$WORKER_DLL" >"$RUN_DIR/logs/worker-$i.log" 2>&1 &
  echo $! >"$RUN_DIR/worker-$i.pid"
done

for _ in $(seq 1 120); do curl -fsS "$API_URL/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$API_URL/health/ready" >/dev/null || { log "the Api did not become ready; see $RUN_DIR/logs/api.log"; tail -n 30 "$RUN_DIR/logs/api.log"; exit 1; }

# A development API key (admin, tenant "dev"), kept in .run/dev-api-key and reused while it still works.
KEY_FILE="$RUN_DIR/dev-api-key"
if [ ! -s "$KEY_FILE" ] || [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$KEY_FILE")" "$API_URL/api/v1/tasks")" != "200" ]; then
  dotnet "$API_DLL" keys create --tenant dev --name dev --admin 2>/dev/null | grep "^trk_" >"$KEY_FILE"
fi
API_KEY="$(cat "$KEY_FILE")"

# An operator key for the Hangfire dashboard (platform-wide, not a tenant key), kept in .run/operator-api-key.
OPERATOR_KEY_FILE="$RUN_DIR/operator-api-key"
if [ ! -s "$OPERATOR_KEY_FILE" ] || [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$OPERATOR_KEY_FILE")" "$API_URL/hangfire")" != "200" ]; then
  (umask 077; dotnet "$API_DLL" keys create --operator --name dev-operator 2>/dev/null | grep "^trk_" >"$OPERATOR_KEY_FILE")
fi
OPERATOR_KEY="$(cat "$OPERATOR_KEY_FILE")"

cat <<MSG

TaskRunner is up.
  Web app           $API_URL/            (sign in with the dev API key below)
  API               $API_URL/api/v1
  MCP               $API_URL/mcp         (Streamable HTTP, same keys)
  Metrics           $API_URL/metrics     (operator key)
  API reference     $API_URL/docs        (OpenAPI document: $API_URL/openapi/v1.json)
  Hangfire          $API_URL/hangfire   (sign in at $API_URL/hangfire/sign-in with the operator key)
  API key (dev)     $API_KEY   (tenant "dev", admin; saved in $KEY_FILE)
  Operator key      $OPERATOR_KEY   (dashboard and diagnostics; saved in $OPERATOR_KEY_FILE)
  Health            $API_URL/health/ready
  Workers           $WORKER_PROCESSES process(es), logs in $RUN_DIR/logs/worker-*.log
  Logs              $RUN_DIR/logs/
  Stop              scripts/down.sh

Try it:
  curl -H "Authorization: Bearer $API_KEY" -F file=@README.md $API_URL/api/v1/documents
More keys:
  dotnet Api/bin/Release/net10.0/TaskRunner.Api.dll keys create --tenant NAME [--admin]
  dotnet Api/bin/Release/net10.0/TaskRunner.Api.dll keys create --operator        (another operator key)
  dotnet Api/bin/Release/net10.0/TaskRunner.Api.dll keys revoke --id ID           (takes effect in every Api at once)
MSG
