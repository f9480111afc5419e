#!/usr/bin/env bash
# The evidence against generated companies whose true effects are known
# (DemoScenario.random): coverage of the 95 % intervals, "clearly better/worse"
# claims for standards with no effect after the false-discovery control, and
# how soon monitoring flags a failing standard after its onset. Then the demo
# company's own figures, and the time of the whole report on it.
# Usage: Benchmarks/evidence-calibration.sh [OFFICES=200] [THREADS=2] [ORDERS=5200]
set -euo pipefail
cd "$(dirname "$0")/.."
offices=${1:-200}
threads=${2:-2}
orders=${3:-5200}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build -c release --product evidence-calibration --scratch-path .build-bench >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
bin=.build-bench/release/evidence-calibration
"$bin" "$offices" "$threads" "$orders"
echo
"$bin" demo | sed -n '1p'
"$bin" time 7
