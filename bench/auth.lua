-- wrk script: send the bearer token of a signed-in session with every request.
-- bench/run.sh signs in, puts the token in CONGSO_TOKEN and passes this file
-- with `wrk -s bench/auth.lua`. The same script is used against nginx, so
-- both servers receive byte-identical requests.

local token = os.getenv("CONGSO_TOKEN")

if token == nil or token == "" then
	error("auth.lua: CONGSO_TOKEN is not set (sign in first)")
end

wrk.headers["Authorization"] = "Bearer " .. token
