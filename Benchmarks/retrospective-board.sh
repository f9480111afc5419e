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
. Benchmarks/demo-server.sh
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
# Starting the boards were office writes: measure once the figures include them (the refresh competes for the cores).
until api "http://127.0.0.1:$port/api/freshness" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["behind"] == 0 else 1)'; do sleep 0.5; done
scope=$(api "http://127.0.0.1:$port/api/v1/retrospectives/$(echo $ids | cut -d" " -f1)" | python3 -c 'import json,sys; e=json.load(sys.stdin)["evidence"]; print(e["orders"], "of", e["scopeTotal"])')
for kind in html json version; do
  case $kind in html) pre=/retrospectives/; post="";; json) pre=/api/v1/retrospectives/; post="";; version) pre=/api/v1/retrospectives/; post=/version;; esac
  { echo "paths = {"; for id in $ids; do echo "  \"$pre$id$post\","; done; echo "}"; } >"paths_$kind.lua"
done
echo "$orders orders on $backend, $(date -u +%F), $(nproc) cores, wrk -t2 -c8 -d${seconds}s, 5 boards of 30 cards in turn, each over $scope closed orders of its strategy"
echo "| request | figures (ms) |"
echo "|---|---|"
for kind in html json version; do
  export PATHS="$work/paths_$kind.lua"
  label=$([ $kind = html ] && echo '/retrospectives/ID' || ([ $kind = json ] && echo '/api/v1/retrospectives/ID' || echo '/api/v1/retrospectives/ID/version'))
  echo "| \`$label\` | $(wrk -t2 -c8 -d"${seconds}s" -s report.lua "http://127.0.0.1:$port/" | sed -n 's/^FIGURES //p') |"
done
