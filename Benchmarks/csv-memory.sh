#!/usr/bin/env bash
# CSV reading streams: peak memory follows the events read (the columnar log),
# not the file. Two generated exports with the same events, one with a wide
# column the mapping leaves out (about 5× the bytes), at two sizes; each read
# by the release `ambidex mine stats` under /usr/bin/time -v.
# Usage: Benchmarks/csv-memory.sh [ROWS=2000000] [WORK=/tmp/ambidex-csv-memory]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000000}
work=${2:-/tmp/ambidex-csv-memory}
mkdir -p "$work"
swift build -c release --product ambidex >/dev/null
binary=$PWD/.build/release/ambidex
for n in $((rows / 2)) "$rows"; do
  for shape in narrow wide; do
    file=$work/$shape-$n.csv
    [ -f "$file" ] || python3 - "$file" "$n" "$shape" <<'PY'
import random, sys
path, n, shape = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(7)
activities = ["register order", "check credit", "plan production", "pick", "pack", "ship", "invoice", "receive payment"]
with open(path, "w") as f:
    f.write("order;step;finished;user;plant" + (";comment" if shape == "wide" else "") + "\n")
    t = 1_700_000_000
    for i in range(n):
        t += rnd.randrange(1, 90)
        order = rnd.randrange(max(n // 8, 1))
        row = f"O-{order};{activities[i % 8]};{t};u{rnd.randrange(40)};P{rnd.randrange(3)}"
        if shape == "wide":
            row += ';"' + ("free text, " * 30) + str(i) + '"'
        f.write(row + "\n")
PY
    bytes=$(stat -c %s "$file")
    /usr/bin/time -v "$binary" mine stats --log "$file" --case order --activity step --timestamp finished \
      --timestamp-format unix --resource user --attributes plant >"$work/out" 2>"$work/time"
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    seconds=$(awk '/^read time/ {print $3}' "$work/out")
    awk -v shape="$shape" -v n="$n" -v b="$bytes" -v kb="$rss_kb" -v s="$seconds" 'BEGIN {
      printf "%-7s %9d rows  file %7.1f MB  peak RSS %7.1f MB  (%.0f bytes per event)  read %s s\n", shape, n, b / 1e6, kb / 1e3, kb * 1024 / n, s }'
  done
done
