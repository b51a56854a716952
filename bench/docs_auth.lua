-- wrk script for bench/docs.sh: a signed-in person's requests. The API
-- takes the bearer token (CONGSO_TOKEN), the pages the session cookie
-- (CONGSO_COOKIE, "cs_session=..."); both are sent with every request.
-- With BENCH_COLD=1 each request carries a parameter of its own (&n=...),
-- so that no answer comes from the read cache: the cost of building it.

local token = os.getenv("CONGSO_TOKEN")
local cookie = os.getenv("CONGSO_COOKIE")
local cold = os.getenv("BENCH_COLD") == "1"

if token == nil or token == "" or cookie == nil or cookie == "" then
	error("docs_auth.lua: CONGSO_TOKEN and CONGSO_COOKIE must be set")
end

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Cookie"] = cookie

local n = 0

if cold then
	request = function()
		n = n + 1
		return wrk.format(nil, wrk.path .. "&n=" .. n .. "-" ..
		    tostring(math.random(1000000000)))
	end
end
