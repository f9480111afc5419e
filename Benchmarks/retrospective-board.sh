#!/usr/bin/env bash
# The retrospective board at scale: /retrospectives/ID (HTML: the board, the
# evidence and the timeline of its orders) and GET /api/v1/retrospectives/ID
# under `wrk -t2 -c8`, in turn over five boards (one per strategy) each holding
# 30 cards and scoped to all closed orders of its strategy, i.e. the most
# recently closed 500 (the most a board reads), on a demo company of ORDERS
# orders; and the version poll every open board makes every two seconds.
# SQLite by default; PostgreSQL when DATABASE_URL is set (the demo replaces
# what that database holds).
# Usage: Benchmarks/retrospective-board.sh [ORDERS=100000] [SECONDS=10] [AMBIDEX_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-100000}
seconds=${2:-10}
bin=${3:-.build/release/ambidex}
[ -x "$bin" ] || { echo "no binary at $bin: swift build -c release --product ambidex" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
store=${STORE:-$work/s.sqlite}
backend=SQLite; [ -n "${DATABASE_URL:-}" ] && backend=PostgreSQL
[ -n "${STORE:-}" ] || "$bin" demo --orders "$orders" --store "$store" --replace >/dev/null 2>&1
echo "bench password 1" | "$bin" account add --store "$store" --email "bench-$$@example.org" --name Bench --role lead >/dev/null
export TOKEN; TOKEN=$("$bin" token create --store "$store" --email "bench-$$@example.org" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
"$bin" serve --port "$port" --store "$store" >serve.out 2>serve.err &
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
ids=""
for s in eto cto ato mto mts; do
  id=$(api -X POST -d "{\"title\":\"$s board\",\"strategy\":\"$s\"}" "http://127.0.0.1:$port/api/v1/retrospectives" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  prompt=$(api "http://127.0.0.1:$port/api/v1/retrospectives/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["prompts"][0]["id"])')
  for k in $(seq 1 30); do
    api -X POST -d "{\"prompt\":\"$prompt\",\"text\":\"card $k on the $s orders: what we saw\"}" "http://127.0.0.1:$port/api/v1/retrospectives/$id/cards" >/dev/null
  done
  ids="$ids $id"
done
scope=$(api "http://127.0.0.1:$port/api/v1/retrospectives/${ids%% *}" | python3 -c 'import json,sys; e=json.load(sys.stdin)["evidence"]; print(e["orders"], "of", e["scopeTotal"])')
for kind in html json version; do
  case $kind in html) pre=/retrospectives/; post="";; json) pre=/api/v1/retrospectives/; post="";; version) pre=/api/v1/retrospectives/; post=/version;; esac
  { echo "paths = {"; for id in $ids; do echo "  \"$pre$id$post\","; done; echo "}"; } >"paths_$kind.lua"
done
cat >report.lua <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
dofile(os.getenv("PATHS"))
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50=%.1f p95=%.1f p99=%.1f rps=%.0f non2xx=%d\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6), summary.errors.status))
end
LUA
echo "$orders orders on $backend, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s, 5 boards of 30 cards in turn, each over $scope closed orders of its strategy"
echo "| request | figures (ms) |"
echo "|---|---|"
for kind in html json version; do
  export PATHS="$work/paths_$kind.lua"
  label=$([ $kind = html ] && echo '/retrospectives/ID' || ([ $kind = json ] && echo '/api/v1/retrospectives/ID' || echo '/api/v1/retrospectives/ID/version'))
  echo "| \`$label\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port/" | sed -n 's/^FIGURES //p') |"
done
