-- wrk: print the figures the benchmark table needs, in milliseconds.
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50=%.1f p95=%.1f p99=%.1f rps=%.0f errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
