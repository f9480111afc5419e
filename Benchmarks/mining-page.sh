#!/usr/bin/env bash
# The mining pages at scale: /mining, a strategy's page (its default drawing,
# every edge by performance) and their JSON under `wrk -t2 -c8`, on a demo
# company of ORDERS orders (SQLite; built first unless STORE names an existing
# store), with what mining adds to the snapshot's computation.
# Usage: Benchmarks/mining-page.sh [ORDERS=100000] [SECONDS=10] [AMBIDEX_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-100000}
seconds=${2:-10}
bin=${3:-.build/release/ambidex}
sqlite_only=1
. Benchmarks/demo-server.sh
until curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/v1/mining" >/dev/null; do sleep 0.2; done
mined=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/mining" | sed -n 's/.*mined in \([0-9.]*\) s.*/\1/p' | head -1)
# Every CTO edge, by performance: the largest drawing the page offers.
cto_edges=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/v1/mining/cto" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["edges"]))')
echo "$orders orders, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s; mining took ${mined} s of the snapshot's computation"
echo "| request | figures (ms) |"
echo "|---|---|"
for path in "/mining" "/mining/eto" "/mining/cto?edges=$cto_edges&view=performance" "/mining/mts" "/api/v1/mining" "/api/v1/mining/eto"; do
  echo "| \`$path\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port$path" | sed -n 's/^FIGURES //p') |"
done
