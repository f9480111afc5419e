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
. Benchmarks/demo-server.sh
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
echo "$orders orders on $backend, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s, $(echo $ids | wc -w) orders in turn, $lessons lessons among them"
echo "| request | figures (ms) |"
echo "|---|---|"
for prefix in /orders/ /api/v1/orders/; do
  export PATHS="$work/paths${prefix//\//_}.lua"
  echo "| \`${prefix}ID\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port/" | sed -n 's/^FIGURES //p') |"
done
