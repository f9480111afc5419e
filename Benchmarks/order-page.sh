#!/usr/bin/env bash
# The order page at scale: /orders/ID (HTML with the lessons of similar
# orders) and GET /api/v1/orders/ID under `wrk -t2 -c8`, each request for the
# next of 40 orders (8 per strategy, open and closed), on a demo company of
# ORDERS orders. SQLite by default; PostgreSQL when DATABASE_URL is set (the
# demo replaces what that database holds).
# Usage: Benchmarks/order-page.sh [ORDERS=100000] [SECONDS=10] [AMBIDEX_BINARY]
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
ids=""
for s in eto cto ato mto mts; do
  for status in open closed; do
    ids="$ids $(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/v1/orders?strategy=$s&status=$status&limit=4" \
      | python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)["orders"]))')"
  done
done
lessons=0
for id in $ids; do
  n=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/v1/orders/$id" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["lessons"]))')
  lessons=$((lessons + n))
done
for prefix in /orders/ /api/v1/orders/; do
  { echo "paths = {"; for id in $ids; do echo "  \"$prefix$id\","; done; echo "}"; } >"paths${prefix//\//_}.lua"
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
echo "$orders orders on $backend, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s, $(echo $ids | wc -w) orders in turn, $lessons lessons among them"
echo "| request | figures (ms) |"
echo "|---|---|"
for prefix in /orders/ /api/v1/orders/; do
  export PATHS="$work/paths${prefix//\//_}.lua"
  echo "| \`${prefix}ID\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port/" | sed -n 's/^FIGURES //p') |"
done
