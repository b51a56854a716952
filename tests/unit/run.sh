#!/bin/sh
# Run every cmocka unit test built under BUILD/tests from the repo root.
# Prints one closing line "N passed, M failed" (tests, not programs).
build=${1:-build}
pass=0 fail=0 progs=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	progs=$((progs + 1))
	out=$("$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' |
	    awk '{ s += $1 } END { print s + 0 }')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' |
	    awk '{ s += $1 } END { print s + 0 }')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ]; then
		[ "$f" -eq 0 ] && fail=$((fail + 1))
		printf '%s\n' "$out" | grep -v '^\[ *\(RUN\|OK\) *\]'
		echo "FAIL $(basename "$t")"
	else
		echo "ok   $(basename "$t") (${p:-0})"
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$progs" -gt 0 ]
