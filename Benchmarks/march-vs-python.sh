#!/usr/bin/env bash
# March (1991) Fig. 1 grid (27 cells × RUNS runs to equilibrium): Ambidex's
# lab against the executable reference march1991.py, side by side, same run
# count, on this machine. Prints both medians and the ratio.
# Usage: Benchmarks/march-vs-python.sh [RUNS=80] [REPETITIONS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-80}
reps=${2:-5}
reference=../shared/reference/march1991.py
[ -f "$reference" ] || { echo "needs $reference (the shared reference folder beside the repository)" >&2; exit 2; }
python3 -c 'import numpy' 2>/dev/null || { echo "needs numpy: pip install numpy" >&2; exit 2; }

swift build -c release --product ambidex-bench --scratch-path .build-bench >/dev/null
swift_out=$(.build-bench/release/ambidex-bench "$runs" "$reps")
echo "$swift_out"
swift_median=$(echo "$swift_out" | awk '/^swift median/ {print $3}')

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
py_times=()
for i in $(seq "$reps"); do
  # The reference's own timing of the grid (numpy import and start-up excluded, as for Swift).
  t=$(python3 "$reference" --reps "$runs" --exps fig1 --seed "$((1991 + i))" --out "$out" | sed -n 's/^\[fig1\].*: \([0-9.]*\)s$/\1/p')
  printf 'python fig1 %d runs/cell: %.4f s\n' "$runs" "$t"
  py_times+=("$t")
done
py_median=$(printf '%s\n' "${py_times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf '\nFig. 1 grid, %d runs per cell, median of %d: python %.3f s, swift %.4f s, ratio %.0f× (%d cores)\n' \
  "$runs" "$reps" "$py_median" "$swift_median" "$(echo "$py_median / $swift_median" | bc -l)" "$(nproc)"
