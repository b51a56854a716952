#!/bin/sh
# tests/browser/run.sh - drive Debian's Chromium against a live congso.
#
# Creates a temporary data folder with the Thai Nguyen demo, starts
# `congso serve` on a free loopback port, runs every tests/browser/*.test.mjs
# with node's test runner and BASE_URL pointing at the server, then stops the
# server. Exits with the test runner's status.
#
# Environment:
#   CONGSO          binary to test (default build/congso)
#   CHROMIUM        browser to drive (default /usr/bin/chromium)
#   SCREENSHOT_DIR  where the tests save page screenshots
#                   (default build/screenshots)
set -eu
# congso keeps Vietnam's time (UTC+7): the tests' dates are taken in it.
TZ=ICT-7
export TZ

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

CONGSO=${CONGSO:-build/congso}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SCREENSHOT_DIR=${SCREENSHOT_DIR:-$root/build/screenshots}
export CHROMIUM SCREENSHOT_DIR

say() { echo "browser: $*" >&2; }

if [ ! -x "$CONGSO" ]; then
	say "no congso binary at $CONGSO (run make, or set CONGSO)"
	exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
	say "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
	exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	say "node and npm are needed (Node.js 20 or newer)"
	exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
	say "Node.js $(node --version) is too old: playwright-core needs 20 or newer"
	exit 1
fi

if [ ! -d "$here/node_modules/playwright-core" ]; then
	say "installing npm packages"
	(cd "$here" && npm ci --no-audit --no-fund)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/congso-browser.XXXXXX")
pid=
# shellcheck disable=SC2317 # run by the EXIT trap
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$CONGSO" init --data "$tmp/data" --demo thai-nguyen >"$tmp/init.log" 2>&1 || {
	cat "$tmp/init.log" >&2
	say "congso init failed"
	exit 1
}

# Ask the kernel for a free loopback port, then start the server on it.
# Another process may take the port in between, so try a few times.
free_port() {
	node -e 'const s = require("net").createServer();
s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# healthy URL: succeeds once GET URL/healthz answers "ok".
healthy() {
	node -e 'fetch(process.argv[1] + "/healthz")
.then((r) => r.text())
.then((t) => process.exit(t.trim() === "ok" ? 0 : 1), () => process.exit(1));' "$1"
}

base=
tries=0
while [ -z "$base" ] && [ "$tries" -lt 5 ]; do
	tries=$((tries + 1))
	port=$(free_port)
	"$CONGSO" serve --data "$tmp/data" --listen "127.0.0.1:$port" \
	    >"$tmp/serve.log" 2>&1 &
	pid=$!
	waited=0
	while [ "$waited" -lt 100 ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || true
			pid=
			break
		fi
		if healthy "http://127.0.0.1:$port"; then
			base="http://127.0.0.1:$port"
			break
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	if [ -z "$base" ] && [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		pid=
	fi
done
if [ -z "$base" ]; then
	cat "$tmp/serve.log" >&2
	say "congso serve did not become healthy"
	exit 1
fi
say "congso serving $base"

mkdir -p "$SCREENSHOT_DIR"
status=0
BASE_URL=$base node --test "$here"/*.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
	say "server log:"
	tail -n 40 "$tmp/serve.log" >&2
fi
exit "$status"
