#!/bin/sh
# run.sh - build and run the libFuzzer harnesses of tests/fuzz.
#
#   sh tests/fuzz/run.sh [SECONDS]
#
# Each harness is built with clang (-fsanitize=fuzzer,address,undefined)
# into build-fuzz/, then run for SECONDS (default 15) over a fresh copy of
# its seed corpus tests/fuzz/corpus/<name>/. One line per harness says how
# it went; the exit status is non-zero when any harness failed to build or
# found a crash, leak or timeout. Crash inputs are kept as
# build-fuzz/<name>-crash-* and the full output in build-fuzz/<name>.log.
#
# The suite's short run uses a fixed seed (FUZZ_SEED, default 1) so that it
# explores the same inputs each time; run longer, with FUZZ_SEED=0 for a
# random seed, by hand.
#
# To add a harness: write tests/fuzz/<name>.c, put a few seed files in
# tests/fuzz/corpus/<name>/, and add one line to the table below.

# Harness, then the src/ files it links with.
HARNESSES='
fuzz_csv	src/core/csv.c src/core/fold.c src/core/buf.c src/core/log.c
fuzz_code	src/directory/directory_code.c
fuzz_fold	src/core/fold.c src/core/buf.c src/core/log.c
fuzz_form	src/core/form.c src/core/arena.c src/core/fold.c src/core/buf.c src/core/log.c
fuzz_date	src/core/calendar.c src/core/lunar.c src/core/arena.c src/core/buf.c src/core/log.c src/core/fold.c
fuzz_pdf	src/sign/pdf_lex.c src/sign/pdf_xref.c src/sign/pdf_doc.c src/core/arena.c src/core/buf.c src/core/log.c -lz
fuzz_cms	-I/usr/include/p11-kit-1 src/sign/sign_verify.c src/sign/sign_tsa.c src/core/curl_err.c src/sign/sign_trust.c src/core/x509.c src/sign/sign_key.c src/sign/sign_cache.c src/sign/sign_key_p11.c src/sign/pdf_lex.c src/sign/pdf_xref.c src/sign/pdf_doc.c src/core/arena.c src/core/buf.c src/core/digest.c src/core/log.c -lcrypto -lcurl -lz
fuzz_pdf_png	-I/usr/include/p11-kit-1 src/sign/sign_png.c src/sign/sign_pdf.c src/sign/sign_appear.c src/sign/sign_stamp.c src/sign/sign_font.c src/sign/sign_cms.c src/sign/sign_tsa.c src/core/curl_err.c src/sign/sign_key.c src/core/x509.c src/sign/sign_cache.c src/sign/sign_key_p11.c src/sign/pdf_lex.c src/sign/pdf_xref.c src/sign/pdf_doc.c src/core/arena.c src/core/buf.c src/core/log.c -lcrypto -lcurl -lz
fuzz_sign_trust	src/sign/sign_trust.c src/core/x509.c src/sign/sign_key.c src/sign/sign_key_p11.c src/sign/sign_cache.c src/core/buf.c src/core/digest.c src/core/log.c -I/usr/include/p11-kit-1 -lcrypto
fuzz_edxml	-I/usr/include/libxml2 src/exchange/edxml_read.c src/exchange/edxml_rules.c src/exchange/edxml_sax.c src/exchange/edxml_c14n.c src/core/arena.c src/core/base64.c src/core/buf.c src/core/digest.c src/core/log.c -lxml2 -lcrypto -lpthread
fuzz_edxml_verify	-I/usr/include/libxml2 src/exchange/edxml_verify.c src/core/x509.c src/exchange/edxml_read.c src/exchange/edxml_sig.c src/exchange/edxml_sax.c src/exchange/edxml_c14n.c src/exchange/edxml_rules.c src/core/arena.c src/core/base64.c src/core/buf.c src/core/digest.c src/core/log.c -lxml2 -lcrypto -lpthread
fuzz_base64	src/core/base64.c -lcrypto
fuzz_fts_scope	src/core/fts_scope.c -lsqlite3
fuzz_svc_form	src/services/svc_form.c src/services/svc_rules.c src/core/calendar.c src/core/lunar.c src/core/arena.c src/core/buf.c src/core/fold.c src/core/log.c -ljansson
'

SECONDS_EACH=${1:-15}
case $SECONDS_EACH in
''|*[!0-9]*)
	echo "usage: sh tests/fuzz/run.sh [SECONDS]" >&2
	exit 2
	;;
esac

cd "$(dirname "$0")/../.." || exit 2

CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
	for c in clang clang-14; do
		if command -v "$c" >/dev/null 2>&1; then
			CLANG=$c
			break
		fi
	done
fi
if [ -z "$CLANG" ]; then
	echo "run.sh: clang not found (Debian: apt-get install clang" \
	    "libclang-rt-14-dev)" >&2
	exit 2
fi

# The warnings of the Makefile (WARN), then the fuzzing build.
CFLAGS="-std=gnu11 -D_GNU_SOURCE -Isrc -Wall -Wextra -Werror -Wshadow
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2
	-Wno-format-nonliteral -Wpointer-arith -Wvla -g -O1
	-fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined"
OUT=build-fuzz
mkdir -p "$OUT" || exit 2
# One run at a time: two would overwrite each other's binaries and logs.
if ! mkdir "$OUT/.lock" 2>/dev/null; then
	echo "run.sh: another run is using $OUT/ (if none is, remove" \
	    "$OUT/.lock)" >&2
	exit 2
fi
trap 'rmdir "$OUT/.lock" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

failed=0
# The table is read in this shell (a here-document, not a pipe), so
# `failed` survives the loop.
while read -r name srcs; do
	[ -n "$name" ] || continue
	bin=$OUT/$name
	log=$OUT/$name.log
	# shellcheck disable=SC2086 # CFLAGS and srcs are word lists
	if ! $CLANG $CFLAGS -o "$bin" "tests/fuzz/$name.c" $srcs \
	    >"$log" 2>&1; then
		echo "$name: BUILD FAILED (see $log)"
		failed=1
		continue
	fi
	corpus=$OUT/corpus/$name
	rm -rf "$corpus"
	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$corpus/"
	fi
	rm -f "$OUT/$name"-crash-* "$OUT/$name"-leak-* \
	    "$OUT/$name"-timeout-* "$OUT/$name"-oom-*
	if "$bin" -max_total_time="$SECONDS_EACH" -seed="${FUZZ_SEED:-1}" \
	    -rss_limit_mb=2048 \
	    -timeout=5 -print_final_stats=1 -artifact_prefix="$OUT/$name-" \
	    "$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -n 1)
		cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -n 1)
		echo "$name: ok (${runs:-?} runs, ${cov:-cov: ?}," \
		    "${SECONDS_EACH}s)"
	else
		art=
		for f in "$OUT/$name"-crash-* "$OUT/$name"-leak-* \
		    "$OUT/$name"-timeout-* "$OUT/$name"-oom-*; do
			if [ -f "$f" ]; then
				art=$f
				break
			fi
		done
		what=$(grep -a -m 1 -o 'ERROR: [A-Za-z]*Sanitizer: [a-z-]*\|ERROR: libFuzzer: [a-z-]*\|runtime error: .*' "$log")
		echo "$name: FAILED: ${what:-see log} (input ${art:-none}," \
		    "log $log)"
		failed=1
	fi
done <<EOF
$HARNESSES
EOF

exit $failed
