-- wrk script: the public tracking page of one dossier, anonymous. Only
-- prints p50/p95/p99 in milliseconds at the end, on lines bench/svc.sh
-- reads; the same script runs against nginx serving the same bytes.

function done(summary, latency, requests)
	for _, p in ipairs({ 50, 95, 99 }) do
		io.write(string.format("p%d_ms %.3f\n", p,
		    latency:percentile(p) / 1000))
	end
end
