#!/bin/sh
# sign.sh - signing and verification benchmarks of `congso pdf`, each
# beside the raw OpenSSL figure measured in the same run:
#   1. signatures/s of a 1 MB PDF with a PEM RSA-2048 key (one process a
#      signature, as operators script it) vs `openssl speed rsa2048`;
#   2. verifications/s of a 1 MB two-signature PDF vs the rate at which
#      `openssl speed -evp sha256` hashes 1 MB blocks;
#   3. peak resident memory signing a 200 MB PDF vs a 1 MB one.
# Prints each figure with the command that made it.
#
#   sh bench/sign.sh        CONGSO=path/to/congso (default build/congso)
#   BENCH_N=200 (signatures and verifications per run)
set -eu
cd "$(dirname "$0")/.."
CONGSO=${CONGSO:-build/congso}
case $CONGSO in /*) ;; *) CONGSO=$(pwd)/$CONGSO ;; esac
N=${BENCH_N:-200}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FIX=$(pwd)/tests/fixtures/pdf
cd "$T"

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{ printf "%.1f", $1 / ($3 - $2) }'; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 30 \
    -subj "/CN=Bench" -addext "keyUsage=critical,digitalSignature" 2>/dev/null
sh "$FIX/mkpdf.sh" 1m.pdf big:1000000

echo "== 1. signatures/s, 1 MB PDF, PEM RSA-2048 key ($N runs)"
t0=$(now)
i=0
while [ $i -lt $N ]; do
	"$CONGSO" pdf sign --key k.pem --cert c.pem 1m.pdf out.pdf >/dev/null
	i=$((i + 1))
done
t1=$(now)
s=$(rate "$N" "$t0" "$t1")
echo "congso pdf sign --key k.pem --cert c.pem 1m.pdf out.pdf: $s signatures/s"
o=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { print $6 }')
echo "openssl speed -seconds 3 rsa2048: $o signs/s"
echo "ratio: $(echo "$s $o" | awk '{ printf "%.2f", $1 / $2 }') (target >= 0.8)"

echo "== 2. verifications/s, 1 MB PDF with two signatures ($N runs)"
"$CONGSO" pdf sign --key k.pem --cert c.pem out.pdf 2sig.pdf >/dev/null
t0=$(now)
i=0
while [ $i -lt $N ]; do
	"$CONGSO" pdf verify --trust c.pem 2sig.pdf >/dev/null
	i=$((i + 1))
done
t1=$(now)
v=$(rate "$N" "$t0" "$t1")
size=$(wc -c <2sig.pdf)
echo "congso pdf verify --trust c.pem 2sig.pdf ($size bytes): $v verifications/s"
h=$(openssl speed -seconds 3 -bytes 1048576 -evp sha256 2>/dev/null |
    awk '/^sha256/ { v = $2; sub(/k$/, "", v); print v * 1000 }')
# Each verification hashes the file once for each signature's range.
f=$(echo "$h $size" | awk '{ printf "%.1f", $1 / ($2 * 2) }')
echo "openssl speed -seconds 3 -bytes 1048576 -evp sha256: $h bytes/s" \
    "= $f files/s (two ranges of $size bytes)"
echo "ratio: $(echo "$v $f" | awk '{ printf "%.2f", $1 / $2 }') (target >= 0.7)"

echo "== 3. peak memory, signing a 200 MB PDF"
sh "$FIX/mkpdf.sh" 200m.pdf big:200000000
small=$(/usr/bin/time -f %M "$CONGSO" pdf sign --key k.pem --cert c.pem \
    1m.pdf o1.pdf 2>&1 >/dev/null | tail -n 1)
big=$(/usr/bin/time -f %M "$CONGSO" pdf sign --key k.pem --cert c.pem \
    200m.pdf o2.pdf 2>&1 >/dev/null | tail -n 1)
echo "/usr/bin/time -f %M congso pdf sign ... 1m.pdf: ${small} KB max RSS"
echo "/usr/bin/time -f %M congso pdf sign ... 200m.pdf: ${big} KB max RSS"
echo "increase: $(( (big - small) / 1024 )) MB (target < 64 MB)"
