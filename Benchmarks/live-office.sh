#!/usr/bin/env bash
# The live office at scale, on SQLite and PostgreSQL side by side: writing the
# demo company, a server's first page after it starts and its memory, the
# dashboard and /api/report under `wrk -t2 -c8`, writes through HTTP, and
# `ambidex report --json` / `ambidex schedule` on the stored snapshot.
# Usage: Benchmarks/live-office.sh [ORDERS=100000] [SECONDS=30] [AMBIDEX_BINARY]
#   PostgreSQL is measured when BENCH_POSTGRES_URL names a server (a database
#   is created and dropped on it); without a binary, a release one is built.
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-100000}
seconds=${2:-30}
bin=${3:-}
here=$(pwd)/Benchmarks/live
if [ -z "$bin" ]; then
  swift build -c release --product ambidex --scratch-path .build-bench >/tmp/ambidex-bench-build.log 2>&1 \
    || { cat /tmp/ambidex-bench-build.log >&2; exit 1; }
  bin=$(pwd)/.build-bench/release/ambidex
fi
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
password="bench password 1"

ms() { date +%s%N | awk '{ printf "%d", $1 / 1000000 }'; }

measure() { # backend-name  [DATABASE_URL]
  local name=$1 url=${2:-} dir="$work/$1" port
  mkdir -p "$dir"; cd "$dir"
  export DATABASE_URL="$url"
  /usr/bin/time -f "%e %M" -o demo.time "$bin" demo --orders "$orders" --store s.sqlite >demo.out 2>demo.err
  echo "$password" | "$bin" account add --email lead@example.org --name Lead --role lead --store s.sqlite >/dev/null
  port=$((20000 + RANDOM % 20000))
  local t0; t0=$(ms)
  "$bin" serve --port "$port" --store s.sqlite >serve.out 2>serve.err &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
  curl -s -c jar -o /dev/null -d "email=lead@example.org&password=${password// /+}" "http://127.0.0.1:$port/login"
  local cookie="ambidex_session=$(awk '$6 == "ambidex_session" { print $7 }' jar)"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/")" = 200 ]; do sleep 0.05; done
  local first=$(( $(ms) - t0 ))
  local csrf; csrf=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
  local asof; asof=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/report" | python3 -c 'import json,sys; print(json.load(sys.stdin)["asOf"])')
  # An in-action reflection on an order open on the office's day (the schedule's own kick-offs and stand-ups name those).
  local body; body=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/schedule?days=30" | ASOF="$asof" python3 -c '
import json, os, sys
for a in json.load(sys.stdin):
    if a["kind"] in ("inOrderStandUp", "orderKickOff", "customerCoDesignSession") and a.get("orders") and a.get("units"):
        print(json.dumps({"mode": "inAction", "trigger": "sporadic", "actionLevel": "rule", "logic": "developmental",
                          "date": os.environ["ASOF"], "summary": "benchmark", "units": a["units"], "orders": a["orders"][:1]}))
        break')
  export COOKIE="$cookie" CSRF="$csrf" BODY="$body" FIGURES="$here/figures.lua"
  local dash api write
  dash=$(wrk -t2 -c8 -d"${seconds}s" -s "$here/read.lua" "http://127.0.0.1:$port/" | grep FIGURES)
  api=$(wrk -t2 -c8 -d"${seconds}s" -s "$here/read.lua" "http://127.0.0.1:$port/api/report" | grep FIGURES)
  local rss; rss=$(ps -o rss= -p "$pid")
  write=$(wrk -t1 -c1 -d10s -s "$here/write.lua" "http://127.0.0.1:$port/api/reflections" | grep FIGURES)
  local shown; shown=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/" | grep -c "benchmark" || true)
  # The figures catch up with the writes: how long the refresh takes at this size.
  local t1; t1=$(ms)
  until curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/freshness" | grep -q '"behind":0'; do sleep 0.2; done
  local caught=$(( $(ms) - t1 ))
  local rss2; rss2=$(ps -o rss= -p "$pid")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  /usr/bin/time -f "%e" -o report.time "$bin" report --json --store s.sqlite >/dev/null
  /usr/bin/time -f "%e" -o schedule.time "$bin" schedule --store s.sqlite >/dev/null
  read -r demo_s demo_kb <demo.time
  printf '%s\n' \
    "$name|demo write (whole command)|${demo_s} s, $((demo_kb / 1024)) MB peak" \
    "$name|first dashboard after start|${first} ms" \
    "$name|resident while serving (after reads / after the refresh)|$((rss / 1024)) MB / $((rss2 / 1024)) MB" \
    "$name|dashboard wrk -t2 -c8|${dash#FIGURES }" \
    "$name|/api/report wrk -t2 -c8|${api#FIGURES }" \
    "$name|write (POST /api/reflections, 1 connection)|${write#FIGURES }; next page shows it: $([ "$shown" -gt 0 ] && echo yes || echo NO)" \
    "$name|figures caught up after the writes|${caught} ms" \
    "$name|ambidex report --json|$(cat report.time) s" \
    "$name|ambidex schedule|$(cat schedule.time) s" >>"$work/figures"
  grep -h "computed the office" demo.err | sed "s/^/$name: /" >&2 || true
  cd - >/dev/null
}

measure sqlite
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  db="ambidex_bench_$$"
  psql "$BENCH_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null
  measure postgres "${BENCH_POSTGRES_URL%/*}/$db"
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE $db" >/dev/null
fi
echo "$orders orders, $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
python3 - "$work/figures" <<'PY'
import sys, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    backend, what, value = line.rstrip("\n").split("|", 2)
    rows.setdefault(what, {})[backend] = value
backends = sorted({b for r in rows.values() for b in r}, key=lambda b: b != "sqlite")
print("| figure | " + " | ".join(backends) + " |")
print("|---|" + "---|" * len(backends))
for what, values in rows.items():
    print(f"| {what} | " + " | ".join(values.get(b, "–") for b in backends) + " |")
PY
