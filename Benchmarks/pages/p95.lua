-- Prints the 95th percentile latency (wrk's --latency table stops at 90% and 99%).
done = function(summary, latency, requests)
  io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
end
