-- wrk script: catalogue search with a different query on each request.
-- bench/svc.sh writes the queries (already URL-encoded, one a line) to the
-- file named by SVC_QUERIES; each wrk thread walks the list from its own
-- starting point. done() prints the p50/p95/p99 latency in milliseconds
-- on lines bench/svc.sh reads ("p95_ms 1.23").

local queries = {}
local file = os.getenv("SVC_QUERIES")
if file == nil or file == "" then
	error("svc_search.lua: SVC_QUERIES is not set")
end
for line in io.lines(file) do
	if line ~= "" then
		queries[#queries + 1] = line
	end
end
if #queries == 0 then
	error("svc_search.lua: no queries in " .. file)
end

local counter = 0
local step = 1

function setup(thread)
	counter = counter + 1
	thread:set("first", counter * 7919)
end

function init(args)
	step = first or 1
end

function request()
	step = step + 1
	local q = queries[(step % #queries) + 1]
	return wrk.format("GET", "/api/v1/procedures?limit=20&q=" .. q)
end

function done(summary, latency, requests)
	for _, p in ipairs({ 50, 95, 99 }) do
		io.write(string.format("p%d_ms %.3f\n", p,
		    latency:percentile(p) / 1000))
	end
end
