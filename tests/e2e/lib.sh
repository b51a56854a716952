# lib.sh - helpers for end-to-end tests: a temporary data folder, a
# congso server on a free loopback port, checks that count.
# Source it; $CONGSO is the binary (default build/congso).

CONGSO=${CONGSO:-build/congso}
case $CONGSO in /*) ;; *) CONGSO=$(pwd)/$CONGSO ;; esac
T=$(mktemp -d)
PASS=0
FAIL=0
SERVER_PID=

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $1"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $1"; [ -n "${2:-}" ] && printf '  # %s\n' "$2"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi; }
# is DESCRIPTION GOT WANT
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi; }
# has DESCRIPTION HAYSTACK NEEDLE
has() { case $2 in *"$3"*) ok "$1" ;; *) not_ok "$1" "'$3' not in: $(printf '%s' "$2" | head -c 300)" ;; esac; }

finish() {
	stop_server
	rm -rf "$T"
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# start_server DATA: serve DATA on a free port; sets BASE.
start_server() {
	data=$1
	tries=0
	while [ $tries -lt 20 ]; do
		port=$((20000 + ($$ * 7 + tries * 131) % 30000))
		"$CONGSO" serve --data "$data" --listen "127.0.0.1:$port" \
		    >"$T/serve.log" 2>&1 &
		SERVER_PID=$!
		BASE=http://127.0.0.1:$port
		n=0
		while [ $n -lt 100 ]; do
			if curl -fs "$BASE/healthz" >/dev/null 2>&1; then
				return 0
			fi
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
			n=$((n + 1))
		done
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		tries=$((tries + 1))
	done
	echo "cannot start congso serve" >&2
	cat "$T/serve.log" >&2
	return 1
}

# stop_server: SIGTERM, then the server must exit cleanly, and a build
# with sanitizers must have reported nothing (leaks are found at exit).
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		rc=$?
		SERVER_PID=
		if grep -q 'Sanitizer\|runtime error' "$T/serve.log"; then
			not_ok "the server ran without sanitizer reports" \
			    "$(grep -m 3 'Sanitizer\|runtime error' "$T/serve.log")"
			cp "$T/serve.log" "${TMPDIR:-/tmp}/congso-sanitizer-$$.log"
		elif [ $rc -ne 0 ]; then
			not_ok "the server stops cleanly on SIGTERM" "exit $rc"
		fi
	fi
}

# token USER PASSWORD: a bearer token from the API.
token() {
	curl -s -X POST -H 'Content-Type: application/json' \
	    -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$BASE/api/v1/login" |
	    jq -r .token
}

# api METHOD PATH [JSON]: prints "STATUS BODY" with $TOKEN.
api() {
	if [ -n "${3:-}" ]; then
		curl -s -o "$T/body" -w '%{http_code}' -X "$1" \
		    -H "Authorization: Bearer $TOKEN" \
		    -H 'Content-Type: application/json' --data-binary "$3" \
		    "$BASE$2"
	else
		curl -s -o "$T/body" -w '%{http_code}' -X "$1" \
		    -H "Authorization: Bearer $TOKEN" "$BASE$2"
	fi
}
body() { cat "$T/body"; }

# web_login USER PASSWORD JAR: signs in through the form, cookies in JAR.
web_login() {
	jar=$3
	pre=$(curl -s -c "$jar" -b "$jar" "$BASE/dang-nhap" |
	    sed -n 's/.*name="_pre" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
	    --data-urlencode "_pre=$pre" --data-urlencode "username=$1" \
	    --data-urlencode "password=$2" --data-urlencode "next=/" \
	    "$BASE/dang-nhap"
}
# csrf JAR: the CSRF token of the signed-in session, from a page.
csrf() {
	curl -s -b "$1" "$BASE/tai-khoan" |
	    sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1
}
