#!/bin/sh
# exchange.sh - document exchange benchmarks on loopback, each printed
# with the command that made it:
#   1. signed packages delivered per second to a receiving instance that
#      verifies each signature against its trust store and registers each
#      as an incoming document (POST /api/v1/exchange/packages), sent
#      over keep-alive connections (BENCH_PARALLEL at once) by bench/post
#      (a small C client built here: on this 2-core machine the client's
#      CPU is taken from the receiver's, and curl --parallel spent about
#      0.3 ms of CPU per package, bench/post about 0.1 ms), from packages
#      signed beforehand with `congso edxml sign`; and the
#      receiver's CPU per package, while they arrive and with the work
#      each queued (status 01 back to the sender, the attachment's text)
#      done, which a burst leaves to the job queue for after it;
#   2. the same flow without signatures (exchange.require_signature = 0 on
#      the receiver, unsigned packages): the ratio signed / unsigned time;
#   3. the same signed packages end to end through a hub: sent to the
#      hub (POST /api/v1/hub/packages: verify, store, log, route), the hub
#      pushes each to the receiver (which verifies and registers it); the
#      time runs until the hub has every delivery acknowledged;
#   4. memory while a package with a 100 MB attachment is sent through the
#      hub and received: VmHWM of the hub and of the receiver (from
#      /proc/PID/status) minus their VmRSS when idle before it;
#   5. instance to instance: BENCH_OUTBOX_N documents issued by the demo
#      province to a body of a second instance (Nghệ An) while that one is
#      down, each package built and signed by the sender; once the
#      receiver is up, an admin sends the outbox now (POST
#      /api/v1/exchange/outbox/send-now) and the time runs until the
#      receiver has registered them all (the sender's outbox keeping
#      several posts under way, the receiver verifying each); then the
#      time until the receiver's signed status 01 for each is back at
#      the sender (the whole round).
#
#   sh bench/exchange.sh      CONGSO=path/to/congso (default build/congso)
#   BENCH_N=2000 (packages per run)  BENCH_ATT=16384 (attachment bytes)
#   BENCH_BIG_MB=100 (the large attachment)
#   BENCH_PARALLEL=4 (packages bench/post sends at once)
#   BENCH_OUTBOX_N=1000 (documents issued for step 5)
#   BENCH_THREADS (congso serve --threads for every instance; default its own)
#   BENCH_DIR=/dev/shm (where the data folders go; default $TMPDIR or /tmp:
#   a tmpfs takes the file system's cost out, to see the program's own)
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONGSO=${CONGSO:-build/congso}
case $CONGSO in /*) ;; *) CONGSO=$(pwd)/$CONGSO ;; esac
N=${BENCH_N:-2000}
ATT=${BENCH_ATT:-16384}
BIG=${BENCH_BIG_MB:-100}
PAR=${BENCH_PARALLEL:-4}
T=$(mktemp -d -p "${BENCH_DIR:-${TMPDIR:-/tmp}}")
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.3f", $2 - $1 }'; }
per_s() { echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }'; }
kb() { sed -n "s/^$2:[ \t]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }

echo "machine: $(nproc) cpu, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo |
    head -n 1), $(uname -r), $(curl --version | head -n 1 | cut -d' ' -f1-2)"
echo "congso: $CONGSO ($("$CONGSO" version))"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data folders in $T ($(df -T "$T" | awk 'NR == 2 { print $2 }'))"

# serve NAME DATA: start an instance on a free port; sets URL_NAME, PID_NAME.
# The port is free when picked, but a client's connection may take it
# before the server binds it: then another is picked (five tries).
serve() {
	tries=0
	while [ $tries -lt 5 ]; do
		tries=$((tries + 1))
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		"$CONGSO" serve --data "$2" ${BENCH_THREADS:+--threads "$BENCH_THREADS"} \
		    --listen "127.0.0.1:$port" >"$T/$1.log" 2>&1 &
		pid=$!
		n=0
		until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
			kill -0 "$pid" 2>/dev/null || break
			n=$((n + 1))
			[ $n -lt 100 ] || { cat "$T/$1.log"; exit 1; }
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			PIDS="$PIDS $pid"
			eval "URL_$1=http://127.0.0.1:$port PID_$1=$pid"
			return 0
		fi
		wait "$pid" 2>/dev/null || true
		grep -q "cannot listen" "$T/$1.log" || { cat "$T/$1.log"; exit 1; }
	done
	echo "$1: no port to listen on in 5 tries" >&2
	exit 1
}
stop() {
	eval "pid=\$PID_$1"
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# ---- keys and packages -----------------------------------------------
cc -O2 -o "$T/post" "$ROOT/bench/post.c"
cd "$T"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 30 -subj "/CN=CA bench" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout s.key -out s.csr \
    -subj "/CN=So Noi vu Nghe An" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' >ext
openssl x509 -req -in s.csr -CA root.pem -CAkey root.key -CAcreateserial \
    -out s.pem -days 30 -extfile ext 2>/dev/null

FROM=000.00.02.H41	# a department of another province
TO=000.00.02.H55	# Sở Nội vụ of the demo province (the receiver)
# pkg FILE NUMBER ATTACHMENT_FILE: an unsigned document package.
pkg() {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>'
		printf '<From><OrganId>%s</OrganId><OrganName>Sở Nội vụ tỉnh Nghệ An</OrganName></From>' $FROM
		printf '<To><OrganId>%s</OrganId><OrganName>Sở Nội vụ tỉnh Thái Nguyên</OrganName></To>' $TO
		printf '<Code><CodeNumber>%s</CodeNumber><CodeNotation>QĐ-SNV</CodeNotation></Code>' "$2"
		printf '<PromulgationInfo><Place>Nghệ An</Place><PromulgationDate>2026/11/22</PromulgationDate></PromulgationInfo>'
		printf '<DocumentType><Type>1</Type><TypeName>Quyết định</TypeName></DocumentType>'
		printf '<Subject>Quyết định số %s về việc đo hiệu năng liên thông</Subject>' "$2"
		printf '<DocumentId>%s,2026/11/22,%s/QĐ-SNV</DocumentId></MessageHeader>' $FROM "$2"
		printf '<TraceHeaderList><TraceHeader><OrganId>%s</OrganId><Timestamp>2026/11/22 08:00:00</Timestamp></TraceHeader>' $FROM
		printf '<Bussiness><BussinessDocType>0</BussinessDocType></Bussiness></TraceHeaderList></edXMLHeader>'
		printf '<edXMLBody><Manifest><Reference xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:vb"/></Manifest></edXMLBody></edXMLEnvelope>'
		printf '<AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>vb</ContentId><AttachmentName>quyet-dinh.pdf</AttachmentName><ContentTransferEncoded>\n'
		base64 "$3"
		printf '</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>\n'
	} >"$1"
}

echo "== making $N packages with a $ATT-byte attachment, signing them"
mkdir u s
i=1
while [ $i -le "$N" ]; do
	head -c "$ATT" /dev/urandom >att
	pkg "u/$i.edxml" "$i" att
	i=$((i + 1))
done
t0=$(now)
seq 1 "$N" | xargs -P "$(nproc)" -I{} "$CONGSO" edxml sign --key s.key \
    --cert s.pem "u/{}.edxml" "s/{}.edxml" >/dev/null
echo "signed $N packages with congso edxml sign in $(since "$t0") s ($(ls -l s/1.edxml | awk '{ print $5 }') bytes each)"

# post DIR URL [KEY]: send every package of DIR once (bench/post);
# seconds into $SECS, statuses shown.
post() {
	seq 1 "$N" | sed "s#.*#$T/$1/&.edxml#" >post.list
	addr=${2#http://}
	# Each run starts with nothing left for the disk to write (the
	# packages just signed, the folder just made): else the first run
	# pays for the writeback of what came before it.
	sync
	"$T/post" "${addr%%/*}" "/${addr#*/}" "$PAR" \
	    "Content-Type: application/xml" \
	    ${3:+"Authorization: Bearer $3"} <post.list >post.out ||
	    { cat post.out; exit 1; }
	SECS=$(awk '/requests in/ { print $4 }' post.out)
	echo "  statuses: $(awk '/^status/ { printf "%s x %s ", $3, $2 }' post.out)"
}

receiver() {	# receiver DATA REQUIRE: a fresh receiving instance
	"$CONGSO" init --data "$1" --demo thai-nguyen >/dev/null 2>&1
	"$CONGSO" pdf trust add --data "$1" root.pem >/dev/null
	sqlite3 "$1/congso.db" "INSERT INTO settings (key, value) VALUES
	    ('exchange.require_signature', '$2') ON CONFLICT (key) DO UPDATE
	    SET value = excluded.value"
}
# cpu PID: the process's CPU time so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# drained DATA: wait (30 s at most) until the instance's job queue has
# nothing due: the work each package received queued (its status 01,
# that status's delivery, the text of its attachment) is done.
drained() {
	n=0
	while [ "$(sqlite3 "$1/congso.db" "SELECT count(*) FROM jobs WHERE
	    state IN ('queued', 'running') AND run_at <= unixepoch()")" != 0 ] &&
	    [ $n -lt 300 ]; do
		n=$((n + 1))
		sleep 0.1
	done
}
# receive NAME DIR: post the packages of DIR to the receiving instance
# NAME (seconds into $SECS); then, once the jobs they queued are done,
# its CPU per package while they arrived and with that work, into $CPU.
receive() {
	eval "rpid=\$PID_$1 rurl=\$URL_$1"
	c0=$(cpu "$rpid")
	post "$2" "$rurl/api/v1/exchange/packages"
	c1=$(cpu "$rpid")
	drained "$1"
	c2=$(cpu "$rpid")
	CPU=$(echo "$c0 $c1 $c2 $N $(getconf CLK_TCK)" | awk '{ printf "%.0f µs while they arrived, %.0f µs with the jobs they queued", ($2 - $1) / $5 * 1e6 / $4, ($3 - $1) / $5 * 1e6 / $4 }')
}
registered() {
	sqlite3 "$1/congso.db" "SELECT count(*) FROM exchange_packages
	    WHERE direction = 'in' AND state = 'registered'"
}

echo "== 1. signed packages, sender (bench/post) -> receiver, verified and registered"
receiver r1 1
serve r1 "$T/r1"
receive r1 s
S1=$SECS
echo "post 127.0.0.1:PORT /api/v1/exchange/packages $PAR 'Content-Type: application/xml' < LIST ($N signed packages): $S1 s, $(per_s "$N" "$S1")/s; registered $(registered r1)"
echo "  receiver CPU per package: $CPU"
stop r1

echo "== 2. the same without signatures (exchange.require_signature = 0)"
receiver r2 0
serve r2 "$T/r2"
receive r2 u
S2=$SECS
echo "post ... ($N unsigned packages): $S2 s, $(per_s "$N" "$S2")/s; registered $(registered r2)"
echo "  receiver CPU per package: $CPU"
echo "ratio signed / unsigned time: $(echo "$S1 $S2" | awk '{ printf "%.2f", $1 / $2 }')"
stop r2

echo "== 3. signed, sender (bench/post) -> hub -> receiver (push), end to end"
receiver r3 1
serve r3 "$T/r3"
"$CONGSO" init --data hub --province-code 000.00.00.A01 \
    --province-name "Trục thử" --admin-password 'Bench-hub-2026' >/dev/null 2>&1
"$CONGSO" pdf trust add --data hub root.pem >/dev/null
KEY=$("$CONGSO" hub member add --data hub --name "Nghệ An" --codes H41 |
    sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
"$CONGSO" hub member add --data hub --name "Thái Nguyên" --codes H55 \
    --url "$URL_r3" >/dev/null
serve hub "$T/hub"
t0=$(now)
post s "$URL_hub/api/v1/hub/packages" "$KEY"
echo "  accepted by the hub in $SECS s"
until [ "$(sqlite3 hub/congso.db "SELECT count(*) FROM hub_deliveries WHERE state <> 'waiting'")" -ge "$N" ]; do
	sleep 0.2
done
S3=$(since "$t0")
echo "through the hub: $N signed packages delivered in $S3 s, $(per_s "$N" "$S3")/s; hub states: $(sqlite3 hub/congso.db "SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM hub_deliveries GROUP BY state)"); registered $(registered r3)"
stop hub
stop r3

echo "== 4. memory: a package with a ${BIG} MB attachment, sender (curl) -> hub -> receiver"
head -c "$((BIG * 1048576))" /dev/urandom >big.bin
pkg big.u.edxml 999999 big.bin
t0=$(now)
/usr/bin/time -f '%M' -o sign.rss "$CONGSO" edxml sign --key s.key --cert s.pem \
    big.u.edxml big.edxml >/dev/null
echo "congso edxml sign of $(ls -l big.edxml | awk '{ print $5 }') bytes: $(since "$t0") s, max RSS $(cat sign.rss) kB"
rm -rf r4 hub4
receiver r4 1
serve r4 "$T/r4"
"$CONGSO" init --data hub4 --province-code 000.00.00.A01 \
    --province-name "Trục thử" --admin-password 'Bench-hub-2026' >/dev/null 2>&1
"$CONGSO" pdf trust add --data hub4 root.pem >/dev/null
KEY=$("$CONGSO" hub member add --data hub4 --name "Nghệ An" --codes H41 |
    sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
"$CONGSO" hub member add --data hub4 --name "Thái Nguyên" --codes H55 \
    --url "$URL_r4" >/dev/null
serve hub4 "$T/hub4"
sleep 1
IH=$(kb "$PID_hub4" VmRSS)
IR=$(kb "$PID_r4" VmRSS)
t0=$(now)
st=$(curl -s -o ack -w '%{http_code}' -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/xml' --data-binary @big.edxml \
    "$URL_hub4/api/v1/hub/packages")
echo "  hub answered $st $(cat ack) after $(since "$t0") s"
until [ "$(sqlite3 hub4/congso.db "SELECT count(*) FROM hub_deliveries WHERE state <> 'waiting'")" -ge 1 ]; do
	sleep 0.2
done
echo "  delivered in $(since "$t0") s: $(sqlite3 hub4/congso.db "SELECT state || ' ' || reason FROM hub_deliveries"); registered $(registered r4)"
HH=$(kb "$PID_hub4" VmHWM)
HR=$(kb "$PID_r4" VmHWM)
echo "hub:      idle VmRSS $IH kB, VmHWM $HH kB, above idle $(((HH - IH) / 1024)) MB"
echo "receiver: idle VmRSS $IR kB, VmHWM $HR kB, above idle $(((HR - IR) / 1024)) MB"
stop hub4
stop r4

NO=${BENCH_OUTBOX_N:-1000}
NA_SO=000.12.30.H41
echo "== 5. instance to instance: Thái Nguyên's outbox -> Nghệ An, $NO packages waiting together"
for n in tn na; do
	openssl req -newkey rsa:2048 -nodes -keyout $n.key -out $n.csr \
	    -subj "/CN=Lien thong $n" 2>/dev/null
	openssl x509 -req -in $n.csr -CA root.pem -CAkey root.key \
	    -CAcreateserial -out $n.pem -days 30 -extfile ext 2>/dev/null
done
"$CONGSO" init --data o_tn --demo thai-nguyen >/dev/null 2>&1
"$CONGSO" init --data o_na --province-code 000.00.00.H41 \
    --province-name 'UBND tỉnh Nghệ An' --admin-password 'Bench-na-2026' \
    >/dev/null 2>&1
"$CONGSO" unit add --data o_na --code $NA_SO --name \
    'Sở Thông tin và Truyền thông tỉnh Nghệ An' --short-name STTTT \
    --kind department --parent 000.00.00.H41 >/dev/null
for d in tn na; do
	"$CONGSO" pdf trust add --data o_$d root.pem >/dev/null
	"$CONGSO" exchange setup --data o_$d --key $d.key --cert $d.pem >/dev/null
done
# While the packages are made nobody listens at the peer's address: the
# first attempt of each fails, and the next is put off for hours.
sqlite3 o_tn/congso.db "INSERT INTO settings VALUES ('jobs.backoff_scale', '1000')"
serve otn "$T/o_tn"
"$CONGSO" peer add --data o_tn --match H41 --url http://127.0.0.1:9 \
    --name 'UBND tỉnh Nghệ An' --cert na.pem >/dev/null
t0=$(now)
python3 "$ROOT/bench/exchange_issue.py" "$URL_otn" "$NO" $NA_SO \
    'Sở Thông tin và Truyền thông tỉnh Nghệ An'
WAITING="FROM exchange_packages WHERE direction = 'out' AND kind = 'doc'"
until [ "$(sqlite3 o_tn/congso.db "SELECT count(*) $WAITING AND state = 'queued' AND attempts >= 1")" -ge "$NO" ]; do
	sleep 0.2
done
echo "  $NO documents drafted, approved and issued through the API, their packages built and signed: $(since "$t0") s"
serve ona "$T/o_na"
"$CONGSO" peer add --data o_tn --match H41 --url "$URL_ona" \
    --name 'UBND tỉnh Nghệ An' --cert na.pem >/dev/null
"$CONGSO" peer add --data o_na --match H55 --url "$URL_otn" \
    --name 'UBND tỉnh Thái Nguyên' --cert tn.pem >/dev/null
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d \
    '{"username":"admin","password":"ThaiNguyen@2026"}' \
    "$URL_otn/api/v1/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
sync
t0=$(now)
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" \
    "$URL_otn/api/v1/exchange/outbox/send-now"
until [ "$(registered o_na)" -ge "$NO" ]; do
	sleep 0.05
done
S5=$(since "$t0")
echo "outbox -> receiver: $NO signed packages registered in $S5 s, $(per_s "$NO" "$S5")/s; sender states: $(sqlite3 o_tn/congso.db "SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n $WAITING GROUP BY state)")"
# The whole round: the receiver's signed status 01 for each package back
# at the sender, verified and recorded (the receiver's job queue makes
# them, at a lower priority than the packages arriving).
n=0
until [ "$(sqlite3 o_tn/congso.db "SELECT count(*) FROM exchange_packages WHERE direction = 'in' AND kind = 'status' AND status_code = '01'")" -ge "$NO" ] || [ $n -ge 600 ]; do
	n=$((n + 1))
	sleep 0.05
done
S5B=$(since "$t0")
echo "  ... and every status 01 back at the sender: $S5B s from the start, $(per_s "$NO" "$S5B")/s for the round"
stop ona
stop otn
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
