#!/usr/bin/env bash
# congso benchmarks. Prints every figure together with the exact command that
# produced it; BENCHMARKS.md records a run. Targets live here, never in tests.
#
#   bench/run.sh [all|init|api|memory]      (default: all, about 100 s)
#
#   init    time of `congso init --demo thai-nguyen` (3 runs) and data size
#   api     wrk on four read endpoints, each against congso and against nginx
#           serving the same body bytes as a static file on loopback
#   memory  VmRSS/VmHWM of `congso serve` after start and after a load test
#
# Environment:
#   CONGSO             binary to test (default build/congso)
#   BENCH_SECONDS      length of one wrk run (default 10)
#   BENCH_CONNECTIONS  wrk connections (default 64); wrk always uses 2 threads
#   BENCH_THREADS      congso serve --threads (default: congso's own, = nproc)
#   BENCH_KEEP=1       keep the temporary folder (data, logs, wrk output)
#
# Missing wrk, nginx or curl are installed with apt-get. nginx runs as the
# current user with a private configuration in the temporary folder; nothing
# is started as a system service. Everything started here is stopped on exit.

set -u

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib.sh"
ROOT=$(dirname "$BENCH_DIR")
CONGSO=${CONGSO:-$ROOT/build/congso}
case $CONGSO in /*) ;; *) CONGSO=$PWD/$CONGSO ;; esac
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-}
MODE=${1:-all}

# Targets from the issue.
T_INIT_S=5
T_RPS=10000
T_P99_MS=10
T_RSS_MB=50

ADMIN_JSON='{"username":"admin","password":"ThaiNguyen@2026"}'
NAMES=(tree units_q people_q people_unit)
PATHS=("/api/v1/units/tree"
       "/api/v1/units?q=dong%20hy"
       "/api/v1/people?q=nguyen%20van&limit=20"
       "/api/v1/people?unit=541")

WORK=
DATA=
SERVE_PID=
NGINX_PID=
WRK_PID=
PORT=
NGINX_PORT=
SUMMARY=()

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
cmd() { printf '$ %s\n' "$*"; }

stop_pid() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

cleanup() {
	stop_pid "$WRK_PID"
	stop_pid "$NGINX_PID"
	stop_pid "$SERVE_PID"
	NGINX_PID='' SERVE_PID='' WRK_PID=''
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

# install TOOL PACKAGE...: apt-get the first package that installs, if TOOL
# is missing. nginx lives in /usr/sbin, which a user's PATH may lack.
install() {
	local tool=$1 sudo='' p
	shift
	command -v "$tool" >/dev/null 2>&1 && return 0
	[ -x "/usr/sbin/$tool" ] && return 0
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	for p in "$@"; do
		cmd "$sudo apt-get install -y $p"
		if $sudo env DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -q "$p" >/dev/null 2>&1 ||
		    { $sudo apt-get update -q >/dev/null 2>&1 &&
		      $sudo env DEBIAN_FRONTEND=noninteractive \
		      apt-get install -y -q "$p" >/dev/null 2>&1; }; then
			return 0
		fi
	done
	die "cannot install $tool (tried: $*)"
}

nginx_bin() {
	command -v nginx 2>/dev/null || echo /usr/sbin/nginx
}


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

# Server CPU time (user + system, all threads) of PID and its children, in
# clock ticks.
cpu_ticks() {
	local total=0 p t
	for p in "$@" $(ps -o pid= --ppid "$1" 2>/dev/null); do
		t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null) || continue
		total=$((total + ${t:-0}))
	done
	echo "$total"
}

machine() {
	local model
	model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	say "== machine"
	say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
	say "machine: nproc=$(nproc), cpu=${model:-unknown}, kernel=$(uname -r)," \
	    "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
	    "debian=$(cat /etc/debian_version 2>/dev/null || echo ?)"
	say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews figures)"
	say "congso:  $CONGSO ($("$CONGSO" version 2>/dev/null | head -n1))"
	say
}

bench_init() {
	local i d t0 t1 ms times=() kb db sorted median verdict
	say "== init: congso init --demo thai-nguyen (3 runs, fresh folder each)"
	for i in 1 2 3; do
		d=$WORK/init$i
		cmd "$CONGSO init --data $d --demo thai-nguyen"
		t0=$(date +%s%N)
		timeout 120 "$CONGSO" init --data "$d" --demo thai-nguyen \
		    >"$WORK/init$i.log" 2>&1 || {
			cat "$WORK/init$i.log" >&2
			die "init failed"
		}
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		times+=("$ms")
		say "  run $i: $(awk -v m="$ms" 'BEGIN { printf "%.2f s", m / 1000 }')"
	done
	d=$WORK/init1
	cmd "du -sk $d; stat -c %s $d/congso.db"
	kb=$(du -sk "$d" | cut -f1)
	db=$(stat -c %s "$d/congso.db")
	sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
	median=$(echo "$sorted" | awk '{ print $2 }')
	verdict=$(awk -v m="$median" -v t="$T_INIT_S" \
	    'BEGIN { print ((m / 1000 <= t) ? "met" : "MISSED") }')
	say "  median $(awk -v m="$median" 'BEGIN { printf "%.2f s", m / 1000 }'), data folder $(awk -v k="$kb" 'BEGIN { printf "%.1f MiB", k / 1024 }') ($kb KiB), congso.db $db bytes"
	say "  target <= ${T_INIT_S} s: $verdict"
	say
	SUMMARY+=("init: median $(awk -v m="$median" 'BEGIN { printf "%.2f", m / 1000 }') s (runs ${sorted% } ms), data $(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }') MiB; target <= ${T_INIT_S} s $verdict")
	DATA=$WORK/init1
	rm -rf "$WORK/init2" "$WORK/init3"
}

ensure_data() {
	[ -n "$DATA" ] && return 0
	DATA=$WORK/data
	cmd "$CONGSO init --data $DATA --demo thai-nguyen"
	"$CONGSO" init --data "$DATA" --demo thai-nguyen >"$WORK/init.log" 2>&1 || {
		cat "$WORK/init.log" >&2
		die "init failed"
	}
}

start_congso() {
	ensure_data
	start_serve "$DATA" "$WORK/serve.log" ${THREADS:+--threads "$THREADS"}
	say "  serving on 127.0.0.1:$PORT, pid $SERVE_PID"
	say
}

# Sign in as the demo admin and export the token for bench/auth.lua.
login() {
	local out
	cmd "curl -s -H 'Content-Type: application/json' -d '$ADMIN_JSON' http://127.0.0.1:$PORT/api/v1/login"
	out=$(curl -s -H 'Content-Type: application/json' -d "$ADMIN_JSON" \
	    "http://127.0.0.1:$PORT/api/v1/login")
	CONGSO_TOKEN=$(printf '%s' "$out" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
	[ -n "$CONGSO_TOKEN" ] || die "login failed: $out"
	export CONGSO_TOKEN
	say "  signed in as admin"
}

# Eight sign-ins at once: each verifies an Argon2id hash, which takes its
# own block of memory, so this is the memory peak a burst of sign-ins makes.
login_burst() {
	local i pids=()
	cmd "8 x curl -s -H 'Content-Type: application/json' -d '$ADMIN_JSON' http://127.0.0.1:$PORT/api/v1/login &"
	: >"$WORK/burst"
	for i in 1 2 3 4 5 6 7 8; do
		curl -s -o /dev/null -w '%{http_code}\n' \
		    -H 'Content-Type: application/json' -d "$ADMIN_JSON" \
		    "http://127.0.0.1:$PORT/api/v1/login" >>"$WORK/burst" &
		pids+=($!)
	done
	wait "${pids[@]}"
	say "  answers: $(sort "$WORK/burst" | uniq -c | awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')"
}

# Save each endpoint's body: nginx serves these bytes, and the sizes go in
# the table.
fetch_bodies() {
	local i code
	mkdir -p "$WORK/www"
	for i in "${!NAMES[@]}"; do
		code=$(curl -s -o "$WORK/www/${NAMES[$i]}.json" -w '%{http_code}' \
		    -H "Authorization: Bearer $CONGSO_TOKEN" \
		    "http://127.0.0.1:$PORT${PATHS[$i]}")
		[ "$code" = 200 ] || die "GET ${PATHS[$i]} answered $code"
	done
}

start_nginx() {
	local n conf user='' i
	n=$WORK/nginx
	mkdir -p "$n/tmp"
	NGINX_PORT=$(free_port) || die "no free port"
	# Run as root, nginx would hand its workers to nobody, who cannot read
	# the private folder; keep them as the current user.
	[ "$(id -u)" -eq 0 ] && user="user $(id -un) $(id -gn);"
	conf=$n/nginx.conf
	cat >"$conf" <<EOF
# Private nginx for bench/run.sh: static copies of the congso responses.
$user
daemon off;
worker_processes auto;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $n/tmp/body;
	proxy_temp_path $n/tmp/proxy;
	fastcgi_temp_path $n/tmp/fastcgi;
	uwsgi_temp_path $n/tmp/uwsgi;
	scgi_temp_path $n/tmp/scgi;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	keepalive_timeout 30s;
	default_type application/json;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $WORK/www;
		# The headers congso sends, so the response bytes are alike.
		add_header X-Content-Type-Options nosniff;
		add_header X-Frame-Options DENY;
		add_header Referrer-Policy same-origin;
		add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
		add_header Cache-Control no-store;
		location / { charset utf-8; charset_types application/json; }
	}
}
EOF
	cmd "$(nginx_bin) -p $n/ -c $conf -e $n/error.log &"
	"$(nginx_bin)" -p "$n/" -c "$conf" -e "$n/error.log" >"$n/stderr.log" 2>&1 &
	NGINX_PID=$!
	for i in $(seq 1 50); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' \
		    "http://127.0.0.1:$NGINX_PORT/tree.json" 2>/dev/null)" = 200 ] && break
		kill -0 "$NGINX_PID" 2>/dev/null || {
			cat "$n/stderr.log" "$n/error.log" >&2 2>/dev/null
			die "nginx exited"
		}
		sleep 0.2
	done
	say "  nginx $("$(nginx_bin)" -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$NGINX_PORT, pid $NGINX_PID"
	say
}

# Busy and total clock ticks of all CPUs, from /proc/stat. Busy counts
# user, nice, system and steal time; interrupt time is left out, since the
# kernel may charge loopback traffic there rather than to a process.
machine_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

# Clock ticks used by the finished children of this shell (wrk, once it
# has exited), from the output of the `times` builtin saved in file $1:
# `times` must run in this shell, not in a $(...) subshell.
child_ticks() {
	awk -v hz="$(getconf CLK_TCK)" 'NR == 2 {
		t = 0
		for (i = 1; i <= 2; i++) {
			split($i, a, "m"); sub("s", "", a[2])
			t += a[1] * 60 + a[2]
		}
		printf "%.0f", t * hz
	}' "$1"
}

# wrk_run NAME URL PID: run wrk, print its output, and set RPS, P50, P99,
# BAD (non-2xx responses plus socket errors), CPU_US (server CPU per
# request, in microseconds) and OTHER (share of all CPUs that neither the
# server nor wrk used, i.e. other work on the machine, in percent).
wrk_run() {
	local name=$1 url=$2 pid=$3 out c0 c1 hz m0 m1 w0 w1
	out=$WORK/wrk-$name.txt
	cmd "wrk -t2 -c$CONNS -d${SECS}s --timeout 2s --latency -s bench/auth.lua '$url'"
	hz=$(getconf CLK_TCK)
	c0=$(cpu_ticks "$pid")
	times >"$WORK/times0"
	m0=$(machine_ticks)
	# In the background, so a signal reaches the trap at once.
	wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 2s --latency \
	    -s "$BENCH_DIR/auth.lua" "$url" >"$out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || {
		cat "$out" >&2
		die "wrk failed"
	}
	WRK_PID=''
	m1=$(machine_ticks)
	times >"$WORK/times1"
	c1=$(cpu_ticks "$pid")
	w0=$(child_ticks "$WORK/times0")
	w1=$(child_ticks "$WORK/times1")
	sed 's/^/    /' "$out"
	RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	BAD=$(awk '/^  Non-2xx/ { n += $NF }
	    /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
	    END { print n + 0 }' "$out")
	CPU_US=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v r="$RPS" -v s="$SECS" \
	    'BEGIN { printf "%.0f", (r > 0 ? d / hz * 1e6 / (r * s) : 0) }')
	OTHER=$(echo "$m0 $m1" | awk -v own=$((c1 - c0 + w1 - w0)) '{
		busy = $3 - $1 - own; all = $4 - $2
		if (busy < 0) busy = 0
		printf "%.0f", (all > 0 ? 100 * busy / all : 0)
	}')
	say "   server CPU ${CPU_US} us/request; other processes used ${OTHER}% of the machine"
}

# load_congso_only: the memory benchmark's load when run alone.
load_congso_only() {
	local i
	for i in "${!NAMES[@]}"; do
		say "-- ${PATHS[$i]}"
		wrk_run "congso-${NAMES[$i]}" "http://127.0.0.1:$PORT${PATHS[$i]}" "$SERVE_PID"
		SUMMARY+=("load ${PATHS[$i]}: congso $RPS req/s, p99 $P99 ms, other processes ${OTHER}% CPU")
	done
	say
}

bench_api() {
	local i name bytes c_rps c_p50 c_p99 c_bad c_cpu c_other ratio verdict
	fetch_bodies
	start_nginx
	say "== api: wrk, 2 threads, $CONNS connections, ${SECS} s per run; congso then nginx for each endpoint"
	SUMMARY+=("| endpoint | body bytes | congso req/s | p50 ms | p99 ms | errors | CPU us/req | nginx req/s | nginx p99 ms | nginx CPU us/req | congso/nginx | other CPU % | target |")
	SUMMARY+=("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	for i in "${!NAMES[@]}"; do
		name=${NAMES[$i]}
		bytes=$(stat -c %s "$WORK/www/$name.json")
		say "-- ${PATHS[$i]} ($bytes bytes)"
		say "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
		wrk_run "congso-$name" "http://127.0.0.1:$PORT${PATHS[$i]}" "$SERVE_PID"
		c_rps=$RPS c_p50=$P50 c_p99=$P99 c_bad=$BAD c_cpu=$CPU_US c_other=$OTHER
		wrk_run "nginx-$name" "http://127.0.0.1:$NGINX_PORT/$name.json" "$NGINX_PID"
		ratio=$(awk -v a="$c_rps" -v b="$RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		verdict=$(awk -v r="$c_rps" -v p="$c_p99" -v bad="$c_bad" \
		    -v tr="$T_RPS" -v tp="$T_P99_MS" 'BEGIN {
			v = ""
			if (r < tr) v = v " req/s"
			if (p > tp) v = v " p99"
			if (bad > 0) v = v " errors"
			print ((v == "") ? "met" : "MISSED:" v)
		}')
		say "   congso $c_rps req/s (p99 $c_p99 ms), nginx $RPS req/s (p99 $P99 ms), ratio $ratio; target $verdict"
		say
		SUMMARY+=("| ${PATHS[$i]} | $bytes | $c_rps | $c_p50 | $c_p99 | $c_bad | $c_cpu | $RPS | $P99 | $CPU_US | $ratio | $c_other/$OTHER | $verdict |")
	done
	stop_pid "$NGINX_PID"
	NGINX_PID=
}

mem_read() {
	local label=$1 rss hwm verdict
	cmd "grep -E 'VmRSS|VmHWM' /proc/$SERVE_PID/status"
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status")
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVE_PID/status")
	verdict=$(awk -v h="$hwm" -v t="$T_RSS_MB" \
	    'BEGIN { print ((h / 1024 <= t) ? "met" : "MISSED") }')
	say "  $label: VmRSS $rss kB, VmHWM $hwm kB"
	SUMMARY+=("memory $label: VmRSS $(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }') MiB, VmHWM $(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }') MiB; target <= ${T_RSS_MB} MiB $verdict")
}

summary() {
	local l
	say "== summary"
	for l in "${SUMMARY[@]}"; do
		say "$l"
	done
}

case $MODE in
all|init|api|memory) ;;
*) die "usage: bench/run.sh [all|init|api|memory]" ;;
esac

[ -x "$CONGSO" ] || die "no congso binary at $CONGSO (run make, or set CONGSO)"
if [ "$MODE" != init ]; then
	install curl curl
	install wrk wrk
fi
if [ "$MODE" = all ] || [ "$MODE" = api ]; then
	install nginx nginx-light nginx
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/congso-bench.XXXXXX") || die "mktemp failed"
chmod 755 "$WORK"

machine
case $MODE in
all)
	bench_init
	start_congso
	say "== memory"
	mem_read "after start"
	login
	mem_read "after one sign-in"
	say
	bench_api
	say "== memory after the load test"
	mem_read "after load"
	login_burst
	mem_read "after 8 sign-ins at once"
	say
	;;
init)
	bench_init
	;;
api)
	start_congso
	login
	say
	bench_api
	;;
memory)
	start_congso
	say "== memory"
	mem_read "after start"
	login
	mem_read "after one sign-in"
	say
	say "== memory load: wrk on each endpoint, ${SECS} s"
	load_congso_only
	say "== memory after the load test"
	mem_read "after load"
	login_burst
	mem_read "after 8 sign-ins at once"
	say
	;;
esac
summary
