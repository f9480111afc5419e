#!/usr/bin/env bash
# Import speed: `ambidex import` of a BPIC-2012-sized log (all its events, every
# lifecycle transition) into a fresh store, SQLite and PostgreSQL side by side,
# and of the same log 10 times over (case ids suffixed) for linear scaling.
# Prints, per backend and size, the medians over REPEATS runs of: the time of the
# whole command, the write alone, events per second into the store (the
# command's own figure) and peak memory.
# PostgreSQL needs a server: IMPORT_POSTGRES_URL (or AMBIDEX_TEST_POSTGRES_URL)
# names one whose user may create databases; without it only SQLite runs.
# Usage: Benchmarks/import.sh path/to/bpic2012.xes.gz [REPEATS=3]   (SKIP_BUILD=1 to use the built binary; AMBIDEX_BIN=path another one)
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(realpath "${1:?usage: Benchmarks/import.sh path/to/bpic2012.xes.gz [REPEATS]}")
repeats=${2:-3}
pg=${IMPORT_POSTGRES_URL:-${AMBIDEX_TEST_POSTGRES_URL:-}}

bin=${AMBIDEX_BIN:-$PWD/.build/release/ambidex}
if [ -z "${SKIP_BUILD:-}" ]; then
    out=$(mktemp)
    swift build -c release --product ambidex >"$out" 2>&1 || { cat "$out" >&2; exit 1; }
    rm -f "$out"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/bench.mapping" <<'MAP'
# BPIC 2012: loan applications as orders; applications and offers are the customer's side
unit = resource
unit-default = Back office
strategy = mto
contact = ^A_|^O_
MAP
big="$work/x10.xes.gz"
python3 Benchmarks/xes_tools.py "$log" "$big" 10

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One run: prints "total-seconds write-seconds events-per-second-into-the-store peak-MB events".
run_once() { # backend file
    local out="$work/out" db="import_bench_$$_$RANDOM" start end
    start=$(date +%s.%N)
    if [ "$1" = sqlite ]; then
        rm -rf "$work/store"
        env -u DATABASE_URL "$bin" import "$2" --mapping "$work/bench.mapping" --store "$work/store/s.sqlite" >"$out" 2>&1
    else
        psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
        DATABASE_URL="${pg%/*}/$db" "$bin" import "$2" --mapping "$work/bench.mapping" >"$out" 2>&1 || { cat "$out" >&2; exit 1; }
    fi
    end=$(date +%s.%N)
    [ "$1" = sqlite ] || psql "$pg" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
    local line events
    line=$(grep '^read ' "$out")
    events=$(sed -n 's/^imported .*new orders[^,]*, \([0-9]*\) events.*/\1/p' "$out")
    echo "$(echo "$end - $start" | bc) $(echo "$line" | sed -n 's/.*wrote \([0-9.]*\) s.*/\1/p') \
$(echo "$line" | sed -n 's/.* \([0-9]*\) events\/s into the store.*/\1/p') $(echo "$line" | sed -n 's/.*peak memory \([0-9.]*\) MB.*/\1/p') $events"
}

printf '%-10s %-8s %10s %10s %9s %16s %9s\n' backend log events "total s" "write s" "events/s (store)" "peak MB"
backends=(sqlite)
[ -n "$pg" ] && backends+=(postgres)
for backend in "${backends[@]}"; do
    for file in "$log" "$big"; do
        : > "$work/runs"
        for _ in $(seq "$repeats"); do run_once "$backend" "$file" >> "$work/runs"; done
        name=$([ "$file" = "$big" ] && echo "10x" || echo "1x")
        printf '%-10s %-8s %10s %10.2f %9.2f %16.0f %9.0f\n' "$backend" "$name" "$(awk '{print $5; exit}' "$work/runs")" \
            "$(cut -d' ' -f1 "$work/runs" | median)" "$(cut -d' ' -f2 "$work/runs" | median)" \
            "$(cut -d' ' -f3 "$work/runs" | median)" "$(cut -d' ' -f4 "$work/runs" | median)"
    done
done
