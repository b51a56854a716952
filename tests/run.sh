#!/bin/sh
# run.sh - the whole suite (make test): build, unit tests, end-to-end
# tests over HTTP and the command line, browser tests in headless
# Chromium, then the same unit and end-to-end tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and a short fuzzing run.
# The last line counts every check: "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
total_pass=0 total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Add up the "N passed, M failed" line a stage printed.
count() {
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	nums=$(printf '%s\n' "$line" |
	    sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*$/\2 \3/')
	p=${nums%% *}
	f=${nums##* }
	if [ -z "$line" ]; then
		# node's test runner: "# pass N" and "# fail N"
		p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	fi
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	if [ "$1" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		total_fail=$((total_fail + 1))
	fi
}

stage() {
	name=$1; shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	count $rc
	[ $rc -eq 0 ] || echo "!! $name failed (exit $rc)"
}

e2e() {
	bin=$1
	p=0 f=0
	for t in tests/e2e/*.sh; do
		case $t in */lib.sh) continue ;; esac
		out=$(CONGSO=$bin sh "$t" 2>&1)
		rc=$?
		printf '%s\n' "$out" | grep -v '^ok ' || true
		line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
		tp=${line%% passed*}
		tf=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		p=$((p + ${tp:-0}))
		f=$((f + ${tf:-0}))
		if [ $rc -ne 0 ]; then
			[ "${tf:-0}" -eq 0 ] && f=$((f + 1))
			echo "FAIL $t"
		else
			echo "ok   $t (${tp:-0})"
		fi
	done
	echo "e2e: $p passed, $f failed"
	[ "$f" -eq 0 ]
}

echo "== build"
if ! make -j"$jobs" all unit-build >"$log" 2>&1; then
	cat "$log"
	echo "0 passed, 1 failed"
	exit 1
fi
stage "unit tests" sh tests/unit/run.sh build
stage "end-to-end tests" e2e build/congso
stage "browser tests" sh tests/browser/run.sh

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer"
if make -j"$jobs" BUILD=build-asan SAN=1 all unit-build >"$log" 2>&1; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	stage "unit tests (sanitizers)" sh tests/unit/run.sh build-asan
	stage "end-to-end tests (sanitizers)" e2e build-asan/congso
	unset ASAN_OPTIONS UBSAN_OPTIONS
else
	cat "$log"
	total_fail=$((total_fail + 1))
fi
stage "fuzzing (${FUZZ_SECONDS:-10} s a harness)" sh tests/fuzz/run.sh "${FUZZ_SECONDS:-10}"

echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
