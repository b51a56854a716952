# bench/lib.sh - what the bash benchmarks (run.sh, docs.sh, svc.sh)
# share. Sourced; the script defines say, cmd and die, and CONGSO.

# A loopback port nobody listens on now.
free_port() {
	local p i
	for i in $(seq 1 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# start_serve DATA LOG [ARG...]: `congso serve` on a free loopback port,
# answering /healthz; sets PORT and SERVE_PID. The port is free when
# picked, but another program may take it before the server binds it:
# then another is picked (five tries).
start_serve() {
	local data=$1 log=$2 i try
	shift 2
	for try in 1 2 3 4 5; do
		PORT=$(free_port) || die "no free port"
		cmd "$CONGSO serve --data $data${*:+ $*} --listen 127.0.0.1:$PORT &"
		"$CONGSO" serve --data "$data" "$@" --listen "127.0.0.1:$PORT" \
		    >"$log" 2>&1 &
		SERVE_PID=$!
		for i in $(seq 1 150); do
			[ "$(curl -s "http://127.0.0.1:$PORT/healthz" 2>/dev/null)" = ok ] &&
			    return 0
			kill -0 "$SERVE_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -0 "$SERVE_PID" 2>/dev/null &&
		    die "congso serve did not answer in 30 s"
		wait "$SERVE_PID" 2>/dev/null || true
		grep -q "cannot listen" "$log" ||
		    { cat "$log" >&2; die "congso serve exited"; }
	done
	die "congso serve found no port to listen on in $try tries"
}
