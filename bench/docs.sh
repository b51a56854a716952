#!/usr/bin/env bash
# congso documents benchmark: a province's documents at scale. Prints every
# figure with the exact command that produced it; BENCHMARKS.md records a
# run ("Văn bản / Documents"). Targets live here, never in tests.
#
#   bench/docs.sh [COUNT]          (default 2230545, the issue's figure)
#
#   1. `congso init --demo thai-nguyen`, then COUNT documents from
#      bench/docs_corpus.py over the bodies that keep registers (units that
#      are not divisions: a division files in its body's registers), loaded
#      with `congso doc import` (documents/s)
#   2. gives the demo specialist `chuyenvien` 300 open assignments among
#      their body's incoming documents (the corpus is history: every
#      receipt is done), so that their "to handle" queue is not empty
#   3. data folder size; `congso serve`; VmRSS/VmHWM after start
#   4. search as the specialist: wrk, one connection per core, a different
#      query for each request (bench/docs_search.lua); p50/p95/p99
#   5. the specialist's queue pages and the API list under wrk
#      (bench/docs_auth.lua: bearer token and session cookie), warm (one
#      URL repeated: answers from the read cache after the first) and
#      cold (a parameter of its own on each request: built every time)
#   6. filing through the API: the clerk `vanthu` files documents from
#      outside for BENCH_SECONDS, each with its scanned PDF, in one
#      multipart request (POST /api/v1/incoming: the PDF's text read by
#      congso-pdftext, then the document, its file stored durably and its
#      search row with that text, in one transaction), FILING_CLIENTS at
#      a time under wrk (bench/docs_file.lua builds each request); then how
#      long the job queue takes to read the text of any file left to it
#      (larger than docs.extract_now_max, or not read in time), and
#      documents filed and indexed per second from the first filing to
#      the last text
#   7. VmRSS/VmHWM after the load
#
# Environment:
#   CONGSO             binary to test (default build/congso)
#   DOCS_DATA          an existing data folder from an earlier run: skip
#                      steps 1-2 and measure it (it is not removed). Filing
#                      adds FILING documents to it, all of the specialist's
#                      body with the same words: search and the lists
#                      measured on it afterwards are no longer those of
#                      the corpus (measure them on a folder no filing run
#                      has touched)
#   BENCH_SECONDS      length of one wrk run (default 10)
#   BENCH_CONNECTIONS  wrk connections for the queues (default 64)
#   FILING_CLIENTS     parallel filing clients (default 4)
#   BENCH_THREADS      congso serve --threads (default: its own, one per core)
#   FILING_THREADS     congso serve --threads for the filing (default
#                      BENCH_THREADS): the server is started again for it.
#                      A filing waits on the disk and filings arriving
#                      together are committed together, so more threads
#                      than cores help it (16 on two cores); the lists do
#                      not wait, and more threads only lengthen their tail
#   BENCH_KEEP=1       keep the temporary folder (data, corpus, logs)
#   BENCH_ONLY         measure only these of: search queues filing
#                      (space-separated; default all)
#
# Needs python3, sqlite3, wrk, curl and jq. Everything started here is
# stopped on exit.

set -u

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib.sh"
ROOT=$(dirname "$BENCH_DIR")
CONGSO=${CONGSO:-$ROOT/build/congso}
case $CONGSO in /*) ;; *) CONGSO=$PWD/$CONGSO ;; esac
COUNT=${1:-2230545}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
PW=ThaiNguyen@2026
WHO=chuyenvien

# Targets from issue 3.
T_SEARCH_P95_MS=10
T_RPS=5000
T_P99_MS=20
T_FILING=2000

WORK=
DATA=
SERVE_PID=
PORT=
SUMMARY=()

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
cmd() { printf '$ %s\n' "$*"; }

stop_serve() {
	local i
	if [ -n "$SERVE_PID" ]; then
		kill -TERM "$SERVE_PID" 2>/dev/null
		for i in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$SERVE_PID" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null || true
		SERVE_PID=
	fi
}

cleanup() {
	stop_serve
	if [ -n "$WORK" ]; then
		if [ -n "${BENCH_KEEP:-}" ]; then
			say "kept $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for t in python3 sqlite3 wrk curl jq; do
	command -v "$t" >/dev/null 2>&1 || die "$t is missing (apt-get install $t)"
done
[ -x "$CONGSO" ] || die "no binary at $CONGSO (make all)"


# Milliseconds from a wrk latency figure such as 812.00us, 3.41ms or 1.02s.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000
		else if (v ~ /ms$/) n = n
		else if (v ~ /m$/) n *= 60000
		else if (v ~ /s$/) n *= 1000
		printf "%.2f", n
	}'
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

memory() {
	local hwm rss
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVE_PID/status")
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVE_PID/status")
	say "  $1: VmRSS $(mib "$rss"), VmHWM $(mib "$hwm")"
	SUMMARY+=("memory $1: VmRSS $(mib "$rss"), VmHWM $(mib "$hwm")")
}

machine() {
	local model
	model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	say "== machine"
	say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
	say "machine: nproc=$(nproc), cpu=${model:-unknown}, kernel=$(uname -r)," \
	    "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
	    "disk=$(df -h "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $1 }')"
	say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
	say "congso:  $CONGSO"
	say
}

corpus() {
	local t0 t1 s lines
	DATA=$WORK/data
	say "== corpus: $COUNT documents"
	cmd "$CONGSO init --data $DATA --demo thai-nguyen"
	"$CONGSO" init --data "$DATA" --demo thai-nguyen >"$WORK/init.log" 2>&1 ||
		{ cat "$WORK/init.log" >&2; die "init failed"; }
	cmd "sqlite3 $DATA/congso.db \"SELECT code || '|' || name FROM units WHERE effective_until IS NULL AND kind <> 'division'\" > $WORK/bodies.txt"
	sqlite3 "$DATA/congso.db" "SELECT code || '|' || name FROM units
	    WHERE effective_until IS NULL AND kind <> 'division'" >"$WORK/bodies.txt"
	say "  $(wc -l <"$WORK/bodies.txt") bodies keep registers"
	cmd "python3 bench/docs_corpus.py $WORK/bodies.txt $COUNT > $WORK/corpus.jsonl"
	t0=$(date +%s%N)
	python3 "$BENCH_DIR/docs_corpus.py" "$WORK/bodies.txt" "$COUNT" \
	    >"$WORK/corpus.jsonl" || die "corpus generation failed"
	t1=$(date +%s%N)
	say "  generated in $(( (t1 - t0) / 1000000000 )) s, $(du -h "$WORK/corpus.jsonl" | cut -f1)"
	cmd "$CONGSO doc import --data $DATA $WORK/corpus.jsonl"
	t0=$(date +%s%N)
	"$CONGSO" doc import --data "$DATA" "$WORK/corpus.jsonl" \
	    >"$WORK/import.log" 2>&1
	t1=$(date +%s%N)
	tail -n 1 "$WORK/import.log"
	lines=$(sqlite3 "$DATA/congso.db" "SELECT count(*) FROM documents")
	s=$(awk -v n="$t1" -v o="$t0" 'BEGIN { printf "%.1f", (n - o) / 1e9 }')
	say "  $lines documents in $s s: $(awk -v l="$lines" -v s="$s" 'BEGIN { printf "%d", l / s }') documents/s"
	SUMMARY+=("import: $lines documents in $s s ($(awk -v l="$lines" -v s="$s" 'BEGIN { printf "%d", l / s }')/s)")
	rm -f "$WORK/corpus.jsonl"
	say
}

# Open work for the specialist, as the directing step leaves it: the
# receipt directed, the person its main handler. Written with SQL because
# the corpus is history; the triggers of migrations 011 and 015 keep
# doc_access and the search index as they would after `direct`.
assignments() {
	say "== 300 open assignments for $WHO"
	cmd "sqlite3 -cmd '.load build/fts_scope' $DATA/congso.db (receipts of $WHO's body -> directed, assigned main)"
	# The triggers rewrite the search index, whose tokenizer the shell
	# gets from congso's extension.
	sqlite3 -cmd ".load ${CONGSO%/congso}/fts_scope" "$DATA/congso.db" "
	    CREATE TEMP TABLE pick AS SELECT r.id FROM doc_receipts r
	      JOIN people p ON p.username = '$WHO'
	      WHERE r.unit_id = p.unit_id ORDER BY r.id DESC LIMIT 300;
	    UPDATE doc_receipts SET state = 'directed', finished_at = NULL,
	      deadline = date('now', '+' || (id % 20 - 5) || ' days')
	      WHERE id IN (SELECT id FROM pick);
	    INSERT OR IGNORE INTO doc_assignments (receipt_id, person_id, role)
	      SELECT pick.id, p.id, 'main' FROM pick
	      JOIN people p ON p.username = '$WHO';" ||
		die "assignments failed"
	say
}

size() {
	local kb db
	say "== data folder"
	cmd "du -sk $DATA; stat -c %s $DATA/congso.db"
	kb=$(du -sk "$DATA" | cut -f1)
	db=$(stat -c %s "$DATA/congso.db")
	say "  data folder $(mib "$kb"), congso.db $db bytes"
	SUMMARY+=("data folder: $(mib "$kb") (congso.db $db bytes)")
	say
}

# serve [THREADS]: congso serve, with THREADS request threads (default
# its own).
serve() {
	start_serve "$DATA" "$WORK/serve.log" ${1:+--threads "$1"}
	say "  serving on 127.0.0.1:$PORT, pid $SERVE_PID"
	memory "after start"
}

login() {
	local base=http://127.0.0.1:$PORT jar=$WORK/jar pre out
	out=$(curl -s -H 'Content-Type: application/json' \
	    -d "{\"username\":\"$WHO\",\"password\":\"$PW\"}" "$base/api/v1/login")
	CONGSO_TOKEN=$(printf '%s' "$out" | jq -r '.token // empty')
	[ -n "$CONGSO_TOKEN" ] || { tail -n 20 "$WORK/serve.log" >&2; die "login failed: $out"; }
	export CONGSO_TOKEN
	pre=$(curl -s -c "$jar" -b "$jar" "$base/dang-nhap" |
	    sed -n 's/.*name="_pre" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_pre=$pre" \
	    --data-urlencode "username=$WHO" --data-urlencode "password=$PW" \
	    "$base/dang-nhap"
	CONGSO_COOKIE=$(awk '$6 == "cs_session" { print "cs_session=" $7 }' "$jar")
	[ -n "$CONGSO_COOKIE" ] || die "web sign-in failed"
	export CONGSO_COOKIE
	say "  signed in as $WHO (specialist) for the API and the pages"
	say
}

# run_wrk NAME PATH CONNECTIONS SCRIPT: one wrk run; prints req/s, latency
# percentiles, errors and the body size; leaves req/s and p99 in RPS, P99.
run_wrk() {
	local name=$1 path=$2 c=$3 script=$4 out rps p50 p90 p99 err bytes
	out=$WORK/wrk-$name.txt
	bytes=$(curl -s -o /dev/null -w '%{size_download}' \
	    -H "Authorization: Bearer $CONGSO_TOKEN" -H "Cookie: $CONGSO_COOKIE" \
	    "http://127.0.0.1:$PORT$path")
	cmd "wrk -t2 -c$c -d${SECS}s --latency -s $script http://127.0.0.1:$PORT$path"
	wrk -t2 -c"$c" -d"${SECS}s" --latency -s "$script" \
	    "http://127.0.0.1:$PORT$path" >"$out" 2>&1
	rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	err=$(awk '/Non-2xx/ { print $NF }' "$out")
	say "  $name: $rps req/s, p50 $p50 ms, p90 $p90 ms, p99 $p99 ms, non-2xx ${err:-0}, body $bytes bytes"
	RPS=$rps P99=$p99
}

# wrk's --latency prints 50/75/90/99 %: p95 comes from the search
# script's own summary (bench/docs_search.lua prints p50/p95/p99).
search() {
	local out p50 p95 p99 rps err
	say "== search as $WHO: a different query each request, 2 connections"
	out=$WORK/wrk-search.txt
	cmd "wrk -t2 -c2 -d${SECS}s --latency -s bench/docs_search.lua http://127.0.0.1:$PORT"
	wrk -t2 -c2 -d"${SECS}s" --latency -s "$BENCH_DIR/docs_search.lua" \
	    "http://127.0.0.1:$PORT" >"$out" 2>&1
	rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$out")
	p50=$(awk '$1 == "p50" { print $2 }' "$out")
	p95=$(awk '$1 == "p95" { print $2 }' "$out")
	p99=$(awk '$1 == "p99" { print $2 }' "$out")
	err=$(awk '/Non-2xx/ { print $NF }' "$out")
	say "  $rps searches/s, p50 $p50 ms, p95 $p95 ms, p99 $p99 ms," \
	    "non-2xx ${err:-0}"
	say "  target p95 <= $T_SEARCH_P95_MS ms: $(awk -v p="$p95" -v t="$T_SEARCH_P95_MS" 'BEGIN { print (p <= t) ? "met" : "MISSED" }')"
	SUMMARY+=("search: p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, $rps/s; target p95 <= $T_SEARCH_P95_MS ms $(awk -v p="$p95" -v t="$T_SEARCH_P95_MS" 'BEGIN { print (p <= t) ? "met" : "MISSED" }')")
	say
}

queues() {
	local i verdict
	local names=(page_all page_incoming page_to_handle api_all api_incoming api_to_handle)
	local paths=("/van-ban?box=all" "/van-ban?box=incoming" "/van-ban?box=to_handle"
	    "/api/v1/documents?box=all" "/api/v1/documents?box=incoming"
	    "/api/v1/documents?box=to_handle")
	local mode
	for mode in warm cold; do
		say "== queues of $WHO, $mode, under wrk: 2 threads, $CONNS connections, ${SECS} s each"
		[ "$mode" = cold ] && say "   (BENCH_COLD=1: every request has a parameter of its own, never a cached answer)"
		for i in "${!names[@]}"; do
			BENCH_COLD=$([ "$mode" = cold ] && echo 1 || echo 0) \
			    run_wrk "${names[$i]}-$mode" "${paths[$i]}" "$CONNS" \
			    "$BENCH_DIR/docs_auth.lua"
			verdict=$(awk -v r="$RPS" -v p="$P99" -v tr="$T_RPS" -v tp="$T_P99_MS" \
			    'BEGIN { print (r >= tr && p <= tp) ? "met" : "MISSED" }')
			SUMMARY+=("${paths[$i]} ($mode): $RPS req/s, p99 $P99 ms; target >= $T_RPS req/s, p99 <= $T_P99_MS ms $verdict")
		done
		say
	done
}

# Documents filed through the API with an attachment, as a clerk's
# scanning station would: one multipart request each, keep-alive, a
# distinct small PDF each, sent by wrk (bench/docs_file.lua builds them:
# on this shared machine the client's CPU is taken from the server's, and
# curl took about 0.23 ms a filing, wrk 0.08 ms). Every answer must be
# 201, and the folder must hold at least as many new documents as wrk
# counted answers (it stops with some requests still in flight).
filing() {
	local c=${FILING_CLIENTS:-4} tok out n0 n1 n err rate left t0 t1 drain
	local p50 p99 secs
	say "== filing through the API for ${SECS} s: a PDF each, $c clients"
	tok=$(curl -s -H 'Content-Type: application/json' \
	    -d "{\"username\":\"vanthu\",\"password\":\"$PW\"}" \
	    "http://127.0.0.1:$PORT/api/v1/login" | jq -r '.token // empty')
	[ -n "$tok" ] || die "vanthu cannot sign in"
	out=$WORK/wrk-filing.txt
	n0=$(sqlite3 "$DATA/congso.db" "SELECT count(*) FROM documents")
	cmd "CONGSO_TOKEN=\$TOKEN BENCH_RUN=$$ wrk -t2 -c$c -d${SECS}s --latency -s bench/docs_file.lua http://127.0.0.1:$PORT"
	t0=$(date +%s%N)
	CONGSO_TOKEN=$tok BENCH_RUN=$$ wrk -t2 -c"$c" -d"${SECS}s" --latency \
	    -s "$BENCH_DIR/docs_file.lua" "http://127.0.0.1:$PORT" >"$out" 2>&1 ||
	    die "wrk failed: $(tail -3 "$out")"
	sleep 1	# the requests wrk left in flight
	n1=$(sqlite3 "$DATA/congso.db" "SELECT count(*) FROM documents")
	n=$(awk '/requests in/ { print $1 }' "$out")
	err=$(awk '/Non-2xx|Socket errors/ { print }' "$out")
	[ -n "$n" ] && [ "$n" -gt 0 ] || die "filing failed: $(cat "$out")"
	[ -z "$err" ] || die "filing failed: $err"
	[ $((n1 - n0)) -ge "$n" ] ||
	    die "filing failed: $n answers, $((n1 - n0)) documents"
	rate=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	say "  $n documents filed (201 each; $((n1 - n0)) in the folder):" \
	    "$rate documents/s, p50 $p50 ms, p99 $p99 ms"
	v=$(awk -v r="$rate" -v t="$T_FILING" 'BEGIN { print (r >= t) ? "met" : "MISSED" }')
	SUMMARY+=("filing through the API with a PDF: $rate documents/s ($c clients); target >= $T_FILING: $v")
	# The text of a PDF left to the job queue is read afterwards.
	t0=$(date +%s%N)
	for _ in $(seq 1 3000); do
		left=$(sqlite3 "$DATA/congso.db" "SELECT count(*) FROM jobs WHERE kind = 'docs.extract' AND state IN ('queued', 'running')")
		[ "$left" = 0 ] && break
		sleep 0.1
	done
	t1=$(date +%s%N)
	drain=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	say "  text extraction drained in $drain s after filing ($left left)"
	secs=$(awk '/requests in/ { sub(/s,?$/, "", $4); print $4 }' "$out")
	rate=$(awk -v n="$n" -v s="$secs" -v d="$drain" 'BEGIN { printf "%d", n / (s + d) }')
	say "  filed and indexed (the text of every PDF searchable): $rate documents/s"
	SUMMARY+=("filed and indexed, first filing to last text: $rate documents/s")
	say
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/congso-bench-docs.XXXXXX")
machine
if [ -n "${DOCS_DATA:-}" ]; then
	DATA=$DOCS_DATA
	say "== measuring the existing folder $DATA"
	say
else
	corpus
	assignments
fi
size
say "== server"
serve "${BENCH_THREADS:-}"
login
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
if want search; then search; fi
if want queues; then queues; fi
if want filing; then
	if [ "${FILING_THREADS:-${BENCH_THREADS:-}}" != "${BENCH_THREADS:-}" ]; then
		memory "after the load"
		say "== server again, $FILING_THREADS threads for the filing"
		stop_serve
		serve "$FILING_THREADS"
		login
	fi
	filing
fi
memory "after the load"
say
say "== summary"
for s in "${SUMMARY[@]}"; do say "  $s"; done
