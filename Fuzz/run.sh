#!/usr/bin/env bash
# Fuzzes one log reader with libFuzzer (Swift's -sanitize=fuzzer,address),
# seeded with the bad-file corpus of make_corpus.py and, when the shared logs
# sit beside the repository, the small real logs.
# Usage: Fuzz/run.sh READER [SECONDS=600]   READER: xes ocel-json ocel-xml ocel-sqlite csv
set -euo pipefail
cd "$(dirname "$0")/.."
reader=${1:?reader: xes, ocel-json, ocel-xml, ocel-sqlite or csv}
seconds=${2:-600}
out=.build-fuzz
mkdir -p "$out"
binary=$out/fuzz-readers
if [ ! -x "$binary" ] || [ -n "$(find Sources/AmbidexLog Fuzz/FuzzReaders.swift -newer "$binary" 2>/dev/null)" ]; then
  echo "fuzz: building $binary"
  swiftc -sanitize=fuzzer,address -parse-as-library -O -enforce-exclusivity=unchecked -module-name AmbidexLog \
    -I Sources/CAmbidexZlib -I Sources/CAmbidexSQLite -lz -lsqlite3 \
    Sources/AmbidexLog/*.swift Fuzz/FuzzReaders.swift -o "$binary"
fi
python3 Fuzz/make_corpus.py "$out/bad-files" >/dev/null
corpus=$out/corpus-$reader
mkdir -p "$corpus"
python3 - "$out/bad-files" "$corpus" "$reader" <<'PY'
import json, os, shutil, sys
src, dst, reader = sys.argv[1:4]
for e in json.load(open(os.path.join(src, "manifest.json"))):
    if e["reader"] == reader:
        shutil.copy(os.path.join(src, e["file"]), dst)
PY
shared=../shared/data/eventlogs
case $reader in
  xes) for f in running-example.xes orders_toy.xes.gz; do [ -f "$shared/$f" ] && cp "$shared/$f" "$corpus/"; done ;;
  ocel-json) [ -f "$shared/ocel20_example.jsonocel" ] && cp "$shared/ocel20_example.jsonocel" "$corpus/" ;;
  ocel-xml) [ -f "$shared/ocel20_example.xmlocel" ] && cp "$shared/ocel20_example.xmlocel" "$corpus/" ;;
  ocel-sqlite) [ -f "$shared/ocel20_example.sqlite" ] && cp "$shared/ocel20_example.sqlite" "$corpus/" ;;
esac
echo "fuzz: $reader for $seconds s from $(ls "$corpus" | wc -l) seeds"
start=$(date +%s)
AMBIDEX_FUZZ_READER=$reader "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -artifact_prefix="$out/crash-$reader-" -print_final_stats=1 "$corpus" 2>"$out/fuzz-$reader.log" || status=$?
tail -n 12 "$out/fuzz-$reader.log"
echo "fuzz: $reader ran $(( $(date +%s) - start )) s, exit ${status:-0}"
exit "${status:-0}"
