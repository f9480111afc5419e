#!/usr/bin/env bash
# The bulk path: `ambidex demo` writing the demo company into a fresh store,
# SQLite and PostgreSQL side by side, at each size. Generating the company and
# writing it are timed apart (the demo prints both); peak memory is the whole
# process's (`/usr/bin/time -v`), medians over REPEATS runs.
# PostgreSQL needs a server: BULK_POSTGRES_URL (or AMBIDEX_TEST_POSTGRES_URL)
# names one whose user may create databases; without it only SQLite runs.
# Usage: Benchmarks/bulk-write.sh [SIZES="10000 100000 1000000"] [REPEATS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"10000 100000 1000000"}
repeats=${2:-3}
pg=${BULK_POSTGRES_URL:-${AMBIDEX_TEST_POSTGRES_URL:-}}

bin=.build/release/ambidex
if [ -z "${SKIP_BUILD:-}" ]; then
    log=$(mktemp)
    swift build -c release --product ambidex >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    rm -f "$log"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One run: prints "generate-seconds write-seconds peak-MB".
run_once() { # backend size
    local out="$work/out" db="bulk_bench_$$_$RANDOM"
    if [ "$1" = sqlite ]; then
        rm -rf "$work/store"
        env -u DATABASE_URL /usr/bin/time -v "$bin" demo --orders "$2" --store "$work/store/s.sqlite" >/dev/null 2>"$out"
    else
        psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
        DATABASE_URL="${pg%/*}/$db" /usr/bin/time -v "$bin" demo --orders "$2" >/dev/null 2>"$out" || { cat "$out" >&2; exit 1; }
        psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
    fi
    local gen write rss
    gen=$(sed -n 's/^generated .* in \([0-9.]*\) s$/\1/p' "$out")
    write=$(sed -n 's/^wrote them to .* in \([0-9.]*\) s$/\1/p' "$out")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$out")
    [ -n "$gen" ] && [ -n "$write" ] || { cat "$out" >&2; exit 1; }
    echo "$gen $write $((rss / 1024))"
}

backends=sqlite
[ -n "$pg" ] && backends="sqlite postgres"
printf '%-9s %-9s %12s %12s %12s\n' orders backend "generate s" "write s" "peak MB"
for size in $sizes; do
    for backend in $backends; do
        : >"$work/runs"
        for _ in $(seq "$repeats"); do run_once "$backend" "$size" >>"$work/runs"; done
        printf '%-9s %-9s %12s %12s %12s\n' "$size" "$backend" \
            "$(cut -d' ' -f1 "$work/runs" | median)" "$(cut -d' ' -f2 "$work/runs" | median)" "$(cut -d' ' -f3 "$work/runs" | median)"
    done
done
