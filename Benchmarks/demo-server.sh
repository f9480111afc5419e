# Sourced by the page benchmarks: checks the binary and wrk, builds a demo
# company of $orders orders (unless STORE names an existing store), adds a
# lead with an API token ($TOKEN), serves it on $port from a scratch folder
# ($work, removed on exit), and writes report.lua: wrk requests the paths
# of the Lua file named by $PATHS in turn (when set) and prints one FIGURES line.
# Set sqlite_only=1 to ignore DATABASE_URL.
bin=$(cd "$(dirname "$bin")" 2>/dev/null && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "no binary at $bin: swift build -c release --product ambidex" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
# The server runs under `run`, a function, so the job is a subshell: stop its children too, or a
# server outlives the benchmark and loads the next one.
trap 'for j in $(jobs -p); do pkill -P "$j" 2>/dev/null; kill "$j" 2>/dev/null; done; rm -rf "$work"' EXIT
cd "$work"
run() { if [ "${sqlite_only:-0}" = 1 ]; then env -u DATABASE_URL "$bin" "$@"; else "$bin" "$@"; fi; }
store=${STORE:-$work/s.sqlite}
backend=SQLite; [ -n "${DATABASE_URL:-}" ] && [ "${sqlite_only:-0}" != 1 ] && backend=PostgreSQL
[ -n "${STORE:-}" ] || run demo --orders "$orders" --store "$store" --replace >/dev/null 2>&1
echo "bench password 1" | run account add --store "$store" --email "bench-$$@example.org" --name Bench --role lead >/dev/null
export TOKEN; TOKEN=$(run token create --store "$store" --email "bench-$$@example.org" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
run serve --port "$port" --store "$store" >serve.out 2>serve.err &
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.05; done
cat >report.lua <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
if os.getenv("PATHS") then
  dofile(os.getenv("PATHS"))
  local i = 0
  request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
  end
end
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50=%.1f p95=%.1f p99=%.1f rps=%.0f non2xx=%d\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6), summary.errors.status))
end
LUA
