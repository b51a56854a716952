# lib.sh - helpers for end-to-end tests: a temporary data folder, a
# congso server on a free loopback port, checks that count.
# Source it; $CONGSO is the binary (default build/congso).

CONGSO=${CONGSO:-build/congso}
case $CONGSO in /*) ;; *) CONGSO=$(pwd)/$CONGSO ;; esac
# congso keeps Vietnam's time (UTC+7) whatever the host's zone: the
# tests' own dates (date, python3) are taken in it too.
TZ=ICT-7
export TZ
T=$(mktemp -d)
PASS=0
FAIL=0
SERVER_PID=
INSTANCES=

# sqlite3 waits for the lock: the tests read and change the database of
# a running server, whose writers hold it for moments at a time (longer
# under the sanitizers); without a wait a change failed with "database is
# locked" and the check after it read the old state.
sqlite3() { command sqlite3 -cmd ".timeout 10000" "$@"; }

ok() { PASS=$((PASS + 1)); echo "ok $((PASS + FAIL)) - $1"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok $((PASS + FAIL)) - $1"; [ -n "${2:-}" ] && printf '  # %s\n' "$2"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi; }
# is DESCRIPTION GOT WANT
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi; }
# has DESCRIPTION HAYSTACK NEEDLE
has() { case $2 in *"$3"*) ok "$1" ;; *) not_ok "$1" "'$3' not in: $(printf '%s' "$2" | head -c 300)" ;; esac; }
# hasnt DESCRIPTION HAYSTACK NEEDLE
hasnt() { case $2 in *"$3"*) not_ok "$1" "'$3' is there" ;; *) ok "$1" ;; esac; }

# mkpdf FILE TEXT: a one-page PDF showing TEXT (ASCII), for attachments
# whose text extraction and search the tests follow.
mkpdf() {
	s="BT /F1 12 Tf 72 720 Td ($2) Tj ET"
	{
		printf '%%PDF-1.4\n'
		printf '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'
		printf '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
		printf '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n'
		printf '4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n' "${#s}" "$s"
		printf '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n'
		printf 'trailer << /Root 1 0 R >>\n%%%%EOF\n'
	} >"$1"
}

finish() {
	stop_server
	for _si in $INSTANCES; do stop_instance "$_si"; done
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
		# shellcheck disable=SC2086 # SERVE_ARGS: more options
		"$CONGSO" serve --data "$data" --listen "127.0.0.1:$port" \
		    ${SERVE_ARGS:-} >"$T/serve.log" 2>&1 &
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
		elif grep -q 'a write outside a transaction' "$T/serve.log"; then
			not_ok "every write of the server is in a transaction" \
			    "$(grep -m 3 'a write outside a transaction' "$T/serve.log")"
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

# Several named instances (federation tests). start_instance NAME DATA:
# serve DATA on a free loopback port, or on the port NAME had before when
# it is started again; sets BASE_NAME and PID_NAME; log in $T/NAME.log.
# stop_instance NAME: SIGTERM and a clean exit; kill_instance NAME:
# SIGKILL (a crash). finish stops every instance still running.
start_instance() {
	_si_name=$1
	_si_data=$2
	eval "_si_base=\${BASE_$_si_name:-}"
	_si_tries=0
	while [ $_si_tries -lt 20 ]; do
		if [ -n "$_si_base" ]; then
			_si_port=${_si_base##*:}
		else
			_si_port=$((20000 + ($$ * 13 + _si_tries * 137 + ${#INSTANCES} * 977) % 30000))
		fi
		"$CONGSO" serve --data "$_si_data" --listen "127.0.0.1:$_si_port" \
		    >>"$T/$_si_name.log" 2>&1 &
		_si_pid=$!
		_si_n=0
		while [ $_si_n -lt 100 ]; do
			if curl -fs "http://127.0.0.1:$_si_port/healthz" >/dev/null 2>&1 &&
			    kill -0 "$_si_pid" 2>/dev/null; then
				eval "BASE_$_si_name=http://127.0.0.1:$_si_port"
				eval "PID_$_si_name=$_si_pid"
				case " $INSTANCES " in
				*" $_si_name "*) ;;
				*) INSTANCES="$INSTANCES $_si_name" ;;
				esac
				return 0
			fi
			kill -0 "$_si_pid" 2>/dev/null || break
			sleep 0.1
			_si_n=$((_si_n + 1))
		done
		kill "$_si_pid" 2>/dev/null
		wait "$_si_pid" 2>/dev/null
		[ -n "$_si_base" ] && sleep 0.5
		_si_tries=$((_si_tries + 1))
	done
	echo "cannot start congso serve for $_si_name" >&2
	cat "$T/$_si_name.log" >&2
	return 1
}

stop_instance() {
	eval "_si_pid=\${PID_$1:-}"
	[ -n "$_si_pid" ] || return 0
	kill "$_si_pid" 2>/dev/null
	wait "$_si_pid" 2>/dev/null
	_si_rc=$?
	eval "PID_$1="
	if grep -q 'Sanitizer\|runtime error' "$T/$1.log"; then
		not_ok "instance $1 ran without sanitizer reports" \
		    "$(grep -m 3 'Sanitizer\|runtime error' "$T/$1.log")"
		cp "$T/$1.log" "${TMPDIR:-/tmp}/congso-sanitizer-$$-$1.log"
	elif [ $_si_rc -ne 0 ]; then
		not_ok "instance $1 stops cleanly on SIGTERM" "exit $_si_rc"
	elif grep -q 'a write outside a transaction' "$T/$1.log"; then
		not_ok "every write of instance $1 is in a transaction" \
		    "$(grep -m 3 'a write outside a transaction' "$T/$1.log")"
	fi
}

kill_instance() {
	eval "_si_pid=\${PID_$1:-}"
	[ -n "$_si_pid" ] || return 0
	kill -9 "$_si_pid" 2>/dev/null
	wait "$_si_pid" 2>/dev/null
	eval "PID_$1="
}
