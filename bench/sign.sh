#!/bin/sh
# sign.sh - signing and verification benchmarks of the sign module, each
# beside the raw OpenSSL figure measured in the same run, in one process
# (`congso pdf bench`, so a figure is the PDF and CMS work, not the cost
# of starting a process):
#   1. signatures/s of a 1 MB PDF with a PEM RSA-2048 key vs `openssl
#      speed rsa2048`, and vs the ceiling set by what every signature
#      must do: one RSA signature and one SHA-256 pass over the file;
#   2. verifications/s of a 1 MB two-signature PDF vs the rate at which
#      `openssl speed -evp sha256` hashes two signatures' worth of bytes;
#   3. signatures/s with the key in SoftHSM2 (PKCS#11), with and without
#      fsync, beside the raw token signing rate;
#   4. peak resident memory signing a 200 MB PDF vs a 1 MB one.
# Prints each figure with the command that made it.
#
#   sh bench/sign.sh        CONGSO=path/to/congso (default build/congso)
#   BENCH_N=1000 (signatures and verifications per run)
set -eu
cd "$(dirname "$0")/.."
CONGSO=${CONGSO:-build/congso}
case $CONGSO in /*) ;; *) CONGSO=$(pwd)/$CONGSO ;; esac
N=${BENCH_N:-1000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FIX=$(pwd)/tests/fixtures/pdf
cd "$T"

rate() { sed -n 's/.* = \([0-9.]*\)\/s.*/\1/p'; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }

echo "machine: $(nproc) cpu, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo |
    head -n 1), $(uname -r), $(openssl version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 30 \
    -subj "/CN=Bench" -addext "keyUsage=critical,digitalSignature" 2>/dev/null
sh "$FIX/mkpdf.sh" 1m.pdf big:1000000

echo "== 1. signatures/s, 1 MB PDF, PEM RSA-2048 key ($N in one process)"
cmd="congso pdf bench sign --key k.pem --cert c.pem --n $N 1m.pdf"
out=$("$CONGSO" pdf bench sign --key k.pem --cert c.pem --n "$N" 1m.pdf)
s=$(echo "$out" | rate)
echo "$cmd: $out"
out=$("$CONGSO" pdf bench sign --key k.pem --cert c.pem --n "$N" --no-fsync \
    1m.pdf)
sn=$(echo "$out" | rate)
echo "$cmd --no-fsync: $out"
o=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { print $6 }')
echo "openssl speed -seconds 3 rsa2048: $o signs/s"
hs=$(openssl speed -seconds 3 -bytes 1048576 -evp sha256 2>/dev/null |
    awk '/^sha256/ { v = $2; sub(/k$/, "", v); print v * 1000 }')
size=$(wc -c <1m.pdf)
ceil=$(echo "$o $hs $size" | awk '{ printf "%.1f", 1 / (1 / $1 + $3 / $2) }')
echo "openssl speed -seconds 3 -bytes 1048576 -evp sha256: $hs bytes/s"
echo "ceiling, one RSA signature + one SHA-256 pass over $size bytes:" \
    "$ceil signatures/s"
echo "ratio to openssl rsa2048: $(ratio "$s" "$o") with fsync," \
    "$(ratio "$sn" "$o") without (target >= 0.8)"
echo "ratio to the ceiling: $(ratio "$s" "$ceil") with fsync," \
    "$(ratio "$sn" "$ceil") without"

echo "== 2. verifications/s, 1 MB PDF with two signatures ($N in one process)"
"$CONGSO" pdf sign --key k.pem --cert c.pem 1m.pdf 1sig.pdf >/dev/null
"$CONGSO" pdf sign --key k.pem --cert c.pem 1sig.pdf 2sig.pdf >/dev/null
size=$(wc -c <2sig.pdf)
out=$("$CONGSO" pdf bench verify --trust c.pem --n "$N" 2sig.pdf)
v=$(echo "$out" | rate)
echo "congso pdf bench verify --trust c.pem --n $N 2sig.pdf ($size bytes): $out"
h=$(openssl speed -seconds 3 -bytes 1048576 -evp sha256 2>/dev/null |
    awk '/^sha256/ { v = $2; sub(/k$/, "", v); print v * 1000 }')
# Two signatures' byte ranges: about the file twice.
f=$(echo "$h $size" | awk '{ printf "%.1f", $1 / ($2 * 2) }')
echo "openssl speed -seconds 3 -bytes 1048576 -evp sha256: $h bytes/s" \
    "= $f files/s (two ranges of $size bytes)"
echo "ratio: $(ratio "$v" "$f") (target >= 0.7)"

echo "== 3. signatures/s with the key in SoftHSM2"
MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && MODULE=$m && break
done
if [ -n "$MODULE" ] && command -v pkcs11-tool >/dev/null; then
	mkdir -p hsm/tokens
	echo "directories.tokendir = $T/hsm/tokens" >hsm/softhsm2.conf
	export SOFTHSM2_CONF=$T/hsm/softhsm2.conf
	softhsm2-util --init-token --free --label b --pin 1234 --so-pin 5678 \
	    >/dev/null 2>&1
	openssl pkcs8 -topk8 -nocrypt -in k.pem -outform DER -out k.p8
	pkcs11-tool --module "$MODULE" --token-label b --login --pin 1234 \
	    --write-object k.p8 --type privkey --label k --id 01 >/dev/null 2>&1
	uri="pkcs11:token=b;object=k;pin-value=1234"
	hn=$((N / 4))
	out=$("$CONGSO" pdf bench sign --key "$uri" --pkcs11-module "$MODULE" \
	    --cert c.pem --n "$hn" 1m.pdf 2>&1) || true
	echo "congso pdf bench sign --key '$uri' --pkcs11-module $MODULE" \
	    "--cert c.pem --n $hn 1m.pdf: $out"
	out=$("$CONGSO" pdf bench sign --key "$uri" --pkcs11-module "$MODULE" \
	    --cert c.pem --n "$hn" --no-fsync 1m.pdf 2>&1) || true
	echo "congso pdf bench sign --key '$uri' ... --n $hn --no-fsync" \
	    "1m.pdf: $out"
	out=$("$CONGSO" pdf bench rsa --key "$uri" --pkcs11-module "$MODULE" \
	    --n "$N" 2>&1) || true
	echo "congso pdf bench rsa --key '$uri' ... --n $N (raw token" \
	    "signatures, one session): $out"
else
	echo "SoftHSM2 or OpenSC missing (make deps): skipped"
fi

echo "== 4. peak memory, signing a 200 MB PDF"
sh "$FIX/mkpdf.sh" 200m.pdf big:200000000
small=$("$CONGSO" pdf bench sign --key k.pem --cert c.pem --n 1 1m.pdf |
    sed -n 's/.*max RSS \([0-9]*\) KB.*/\1/p')
big=$("$CONGSO" pdf bench sign --key k.pem --cert c.pem --n 1 200m.pdf |
    sed -n 's/.*max RSS \([0-9]*\) KB.*/\1/p')
echo "congso pdf bench sign ... --n 1 1m.pdf: ${small} KB max RSS"
echo "congso pdf bench sign ... --n 1 200m.pdf: ${big} KB max RSS"
echo "increase: $(( (big - small) / 1024 )) MB (target < 64 MB)"
