#!/usr/bin/env bash
# The order list at scale: GET /api/v1/orders with several filters, and the
# /orders page, under `wrk -t2 -c8`, on a demo company of ORDERS orders
# (SQLite; built first unless STORE names an existing store).
# Usage: Benchmarks/order-list.sh [ORDERS=100000] [SECONDS=10] [AMBIDEX_BINARY]
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
[ -n "${STORE:-}" ] || env -u DATABASE_URL "$bin" demo --orders "$orders" --store "$store" >/dev/null 2>&1
echo "bench password 1" | env -u DATABASE_URL "$bin" account add --store "$store" --email "bench-$$@example.org" --name Bench --role lead >/dev/null
export TOKEN; TOKEN=$(env -u DATABASE_URL "$bin" token create --store "$store" --email "bench-$$@example.org" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
env -u DATABASE_URL "$bin" serve --port "$port" --store "$store" >serve.out 2>serve.err &
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
cat >report.lua <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50=%.1f p95=%.1f p99=%.1f rps=%.0f non2xx=%d\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6), summary.errors.status))
end
LUA
unit=U-log   # the demo company's logistics unit: few of its orders, the costliest "worked on" filter
echo "$orders orders, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s"
echo "| request | figures (ms) |"
echo "|---|---|"
for path in "/api/v1/orders?limit=50" "/api/v1/orders?strategy=eto&status=open&limit=50" "/api/v1/orders?unit=$unit&limit=50" \
            "/api/v1/orders?partner=C-02&status=closed&limit=50" "/api/v1/orders?priority=1&from=2025-06-01&to=2025-06-30&limit=50" \
            "/api/v1/orders?strategy=mts&unit=U-eng&limit=50" "/api/v1/orders?limit=500" "/orders?strategy=eto"; do
  echo "| \`$path\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port$path" | sed -n 's/^FIGURES //p') |"
done
