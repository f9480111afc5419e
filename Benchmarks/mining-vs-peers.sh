#!/usr/bin/env bash
# Reading and mining order logs: Ambidex against pm4py 2.7 and r4pm, side by
# side in one run (medians of REPETITIONS, peak memory, ratios).
# Usage: Benchmarks/mining-vs-peers.sh BPIC2012.xes.gz [REPETITIONS=3]
#   BPIC2012.xes.gz: BPI Challenge 2012, e.g. tests/input_data/bpic2012.xes.gz of
#   pm4py's source repository (not shipped in its wheel); it is never committed here.
# The peers live in separate virtual environments (pm4py switches its XES
# reader to r4pm's when both are installed together).
set -euo pipefail
cd "$(dirname "$0")/.."
bpic=${1:?usage: Benchmarks/mining-vs-peers.sh BPIC2012.xes.gz [REPETITIONS]}
reps=${2:-3}
work=${AMBIDEX_BENCH_DIR:-/tmp/ambidex-mine-bench}
mkdir -p "$work"
pm4py_venv=${AMBIDEX_PM4PY_VENV:-$HOME/.cache/ambidex-pm4py}
r4pm_venv=${AMBIDEX_R4PM_VENV:-$HOME/.cache/ambidex-r4pm}
[ -x "$pm4py_venv/bin/python" ] && "$pm4py_venv/bin/python" -c 'import pm4py' 2>/dev/null || {
  python3 -m venv "$pm4py_venv" && "$pm4py_venv/bin/pip" install -q 'pm4py==2.7.*'; }
[ -x "$r4pm_venv/bin/python" ] && "$r4pm_venv/bin/python" -c 'import r4pm' 2>/dev/null || {
  python3 -m venv "$r4pm_venv" && "$r4pm_venv/bin/pip" install -q r4pm; }

# AMBIDEX_MINE_BENCH=1 measures ambidex-mine-bench (the same reading and mining
# code, without Vapor: a release build in a minute instead of up to 15).
if [ "${AMBIDEX_MINE_BENCH:-0}" = 1 ]; then
  swift build -c release --product ambidex-mine-bench --scratch-path .build-bench >/dev/null
  binary=(--bench --ambidex .build-bench/release/ambidex-mine-bench)
else
  swift build -c release --product ambidex >/dev/null
  binary=(--ambidex .build/release/ambidex)
fi
[ -f "$work/ocel/orders.sqlite" ] || "$pm4py_venv/bin/python" Benchmarks/make_ocel.py "$work/ocel" >/dev/null 2>&1
python3 Benchmarks/mining_vs_peers.py "${binary[@]}" --pm4py "$pm4py_venv/bin/python" \
  --r4pm "$r4pm_venv/bin/python" --bpic "$bpic" --ocel "$work/ocel" --work "$work" --reps "$reps"
