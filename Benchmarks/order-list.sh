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
sqlite_only=1
. Benchmarks/demo-server.sh
unit=U-log   # the demo company's logistics unit: few of its orders, the costliest "worked on" filter
echo "$orders orders, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s"
echo "| request | figures (ms) |"
echo "|---|---|"
for path in "/api/v1/orders?limit=50" "/api/v1/orders?strategy=eto&status=open&limit=50" "/api/v1/orders?unit=$unit&limit=50" \
            "/api/v1/orders?partner=C-02&status=closed&limit=50" "/api/v1/orders?priority=1&from=2025-06-01&to=2025-06-30&limit=50" \
            "/api/v1/orders?strategy=mts&unit=U-eng&limit=50" "/api/v1/orders?limit=500" "/orders?strategy=eto"; do
  echo "| \`$path\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port$path" | sed -n 's/^FIGURES //p') |"
done
