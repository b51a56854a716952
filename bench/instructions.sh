#!/bin/bash
# bench/instructions.sh - the server's instructions per request, counted
# by valgrind's callgrind: a figure that does not move with the load of a
# shared machine, where requests per second moved by more than a factor
# of two between days. It counts the server's own work in user space
# (congso, SQLite, libmicrohttpd, libc), not the kernel's, and valgrind
# runs the generic code of OpenSSL, not the host's SHA instructions: use
# it to compare two builds, not to predict a rate.
#
#   DOCS_DATA=DIR bash bench/instructions.sh [N]
#
# DIR is a folder made by bench/docs.sh (BENCH_KEEP=1), whose demo
# specialist `chuyenvien` has open work. For each of the six lists that
# bench/docs.sh measures, N requests (default 200) after 20 unmeasured:
# cold (a parameter of its own on every request, so every answer is
# built), then warm (one URL N times: answered from the read cache after
# its first time).
# The counters are zeroed before and read after each batch with
# callgrind_control; every thread of the server is counted.
#   CONGSO=path/to/congso (default build/congso)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
CONGSO=${CONGSO:-build/congso}
N=${1:-200}
WHO=chuyenvien PW=ThaiNguyen@2026
say() { printf '%s\n' "$*"; }
cmd() { printf '$ %s\n' "$*"; }
die() { printf 'instructions.sh: %s\n' "$*" >&2; exit 1; }
. "$BENCH_DIR/lib.sh"

[ -n "${DOCS_DATA:-}" ] && [ -f "$DOCS_DATA/congso.db" ] ||
	die "DOCS_DATA must name a folder made by bench/docs.sh"
for t in valgrind callgrind_control curl jq; do
	command -v "$t" >/dev/null || {
		command -v apt-get >/dev/null || die "$t is missing"
		apt-get install -y -q valgrind curl jq >/dev/null
		break
	}
done

WORK=$(mktemp -d)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(free_port) || die "no free port"
BASE=http://127.0.0.1:$PORT
cmd "valgrind --tool=callgrind $CONGSO serve --data $DOCS_DATA --listen 127.0.0.1:$PORT"
valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.%p" \
    "$CONGSO" serve --data "$DOCS_DATA" --listen "127.0.0.1:$PORT" \
    >"$WORK/serve.log" 2>&1 &
PID=$!
for i in $(seq 1 600); do
	curl -fs -o /dev/null "$BASE/healthz" && break
	kill -0 "$PID" 2>/dev/null || die "the server did not start: $(tail -n 5 "$WORK/serve.log")"
	sleep 0.2
done
TOKEN=$(curl -s -H 'Content-Type: application/json' \
    -d "{\"username\":\"$WHO\",\"password\":\"$PW\"}" "$BASE/api/v1/login" |
    jq -r '.token // empty')
[ -n "$TOKEN" ] || die "sign-in failed"

# batch PATH TAG COUNT: a curl config of COUNT requests of PATH, each
# with &n=TAG-i; with TAG "warm" all of them the same URL, &n=warm.
batch() {
	local i n
	for i in $(seq 1 "$3"); do
		n=$2-$i
		[ "$2" = warm ] && n=warm
		printf 'url = "%s%s&n=%s"\nheader = "Authorization: Bearer %s"\noutput = "/dev/null"\n' \
		    "$BASE" "$1" "$n" "$TOKEN"
	done
}
# total: instructions counted since the last zeroing, all threads.
total() {
	rm -f "$WORK"/cg.*.*
	callgrind_control -d "$PID" >/dev/null 2>&1
	sleep 0.5
	cat "$WORK"/cg.*.* | awk '/^summary:/ { s += $2 } END { print s + 0 }'
}
# measure PATH TAG: instructions per request of N requests.
measure() {
	batch "$1" "$2" "$N" >"$WORK/run.cfg"
	callgrind_control -z "$PID" >/dev/null 2>&1
	curl -s -K "$WORK/run.cfg"
	echo $(($(total) / N))
}

say "== instructions per request under callgrind, $N requests each, as $WHO"
say "   congso: $CONGSO"
for path in "/van-ban?box=all" "/van-ban?box=incoming" "/van-ban?box=to_handle" \
    "/api/v1/documents?box=all" "/api/v1/documents?box=incoming" \
    "/api/v1/documents?box=to_handle"; do
	batch "$path" warmup 20 >"$WORK/warm.cfg"
	curl -s -K "$WORK/warm.cfg"
	cold=$(measure "$path" "$RANDOM$RANDOM")
	warm=$(measure "$path" warm)
	say "  $path: cold $cold, warm $warm"
done
