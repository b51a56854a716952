#!/bin/sh
# End to end: an instance that receives by pulling from the hub, as the
# members of the national document axis do. The hub (LGSP) has Thái
# Nguyên as a push member and Nghệ An as a pull member (no address): a
# Quyết định from Thái Nguyên waits at the hub until Nghệ An's job
# "exchange.pull" lists it, fetches it, registers it and acknowledges it;
# the hub's waiting list is then empty, and Nghệ An's status 01 reaches
# Thái Nguyên through the hub. A package sent while Nghệ An is stopped
# waits at the hub and is taken after the restart.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

for tool in openssl jq sqlite3; do
	if ! command -v $tool >/dev/null; then
		echo "# skip: $tool is missing"
		finish
		exit $?
	fi
done
if ! "$CONGSO" help exchange >/dev/null 2>&1 ||
    ! "$CONGSO" help hub >/dev/null 2>&1; then
	echo "# skip: the exchange or hub module is not wired into congso"
	finish
	exit $?
fi

# ---- a test root and the two provinces' exchange certificates ----------
(
cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 3650 -subj "/CN=Hub Test Root/O=congso" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
for n in tn na; do
	openssl req -newkey rsa:2048 -nodes -keyout $n.key \
	    -subj "/CN=Lien thong $n/O=congso" -out $n.csr 2>/dev/null
	printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext.cnf
	openssl x509 -req -in $n.csr -CA root.pem -CAkey root.key \
	    -CAcreateserial -days 3650 -sha256 -extfile ext.cnf \
	    -out $n.pem 2>/dev/null
done
)
check "the test certificates were made" test -s "$T/tn.pem" -a -s "$T/na.pem"

# ---- Thái Nguyên, Nghệ An and the hub ------------------------------------
"$CONGSO" init --data "$T/tn" --demo thai-nguyen >/dev/null 2>&1
"$CONGSO" pdf trust add --data "$T/tn" "$T/root.pem" >/dev/null
"$CONGSO" exchange setup --data "$T/tn" --key "$T/tn.key" --cert "$T/tn.pem" >/dev/null

"$CONGSO" init --data "$T/na" --province-code 000.00.00.H41 \
    --province-name 'UBND tỉnh Nghệ An' --admin-password "$PW" >/dev/null 2>&1
NA_SO=000.12.30.H41
"$CONGSO" unit add --data "$T/na" --code $NA_SO --name 'Sở Thông tin và Truyền thông tỉnh Nghệ An' \
    --short-name STTTT --kind department --parent 000.00.00.H41 >/dev/null
for u in "vt.na|Phan Thị Hoa|clerk" "ld.na|Hồ Văn Minh|leader" "cv.na|Lê Thị Lan|specialist"; do
	IFS='|' read -r un fn role <<EOF
$u
EOF
	printf '%s\n' "$PW" | "$CONGSO" user add --data "$T/na" --username "$un" \
	    --full-name "$fn" --unit $NA_SO --roles "$role" --password-stdin >/dev/null
done
"$CONGSO" pdf trust add --data "$T/na" "$T/root.pem" >/dev/null
"$CONGSO" exchange setup --data "$T/na" --key "$T/na.key" --cert "$T/na.pem" >/dev/null

"$CONGSO" init --data "$T/hub" --province-code 000.00.00.A01 \
    --province-name 'Trục liên thông thử nghiệm' --admin-password "$PW" >/dev/null 2>&1
"$CONGSO" pdf trust add --data "$T/hub" "$T/root.pem" >/dev/null
# Retries within a second instead of 30 s, for the test; Nghệ An asks
# the hub every second.
for d in tn na hub; do
	sqlite3 "$T/$d/congso.db" "INSERT INTO settings VALUES ('jobs.backoff_scale', '0.02')"
done
sqlite3 "$T/na/congso.db" "INSERT INTO settings VALUES ('exchange.pull_seconds', '1')"

start_instance tn "$T/tn" || exit 1
start_instance na "$T/na" || exit 1
start_instance hub "$T/hub" || exit 1
KTN=$("$CONGSO" hub member add --data "$T/hub" --name 'UBND tỉnh Thái Nguyên' \
    --codes H55 --url "$BASE_tn" --cert "$T/tn.pem" | sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
KNA=$("$CONGSO" hub member add --data "$T/hub" --name 'UBND tỉnh Nghệ An' \
    --codes H41 --cert "$T/na.pem" | sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
is "Thái Nguyên is a push member, Nghệ An a pull member" "${#KTN}:${#KNA}" 44:44
check "Thái Nguyên's upstream is the hub" "$CONGSO" peer add --data "$T/tn" \
    --match '*' --url "$BASE_hub" --kind hub --api-key "$KTN" --name 'Trục LGSP'
check "Nghệ An's upstream is the hub" "$CONGSO" peer add --data "$T/na" \
    --match '*' --url "$BASE_hub" --kind hub --api-key "$KNA" --name 'Trục LGSP'

tok() { eval "BASE=\$BASE_$1"; token "$2" "$PW"; }
on() { eval "BASE=\$BASE_$1"; TOKEN=$2; }
wait_for() {
	_w=$(($1 * 10)); shift
	while [ $_w -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_w=$((_w - 1))
	done
	return 1
}
CV=$(tok tn chuyenvien); LD=$(tok tn lanhdao); VT=$(tok tn vanthu)
VTN=$(tok na vt.na); LDN=$(tok na ld.na); CVN=$(tok na cv.na)
ADM_NA=$(tok na admin); ADM_HUB=$(tok hub admin)
is "people of the three instances sign in" "${#VT}:${#VTN}:${#ADM_HUB}" 32:32:32
on na "$ADM_NA"
api GET "/api/v1/people?q=cv.na" >/dev/null
CVN_ID=$(body | jq '.items[0].id')

issue() {
	on tn "$CV"
	api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"$1\",\"content\":\"Điều 1. Phối hợp liên tỉnh qua trục.\",\"external_recipients\":[{\"name\":\"Sở Thông tin và Truyền thông tỉnh Nghệ An\",\"code\":\"$NA_SO\"}]}" >/dev/null
	DOC=$(body | jq .id)
	api POST /api/v1/documents/$DOC/submit >/dev/null
	on tn "$LD"; api POST /api/v1/documents/$DOC/approve >/dev/null
	on tn "$VT"; api POST /api/v1/documents/$DOC/issue
}
statuses() {
	on tn "$VT"
	api GET /api/v1/exchange/documents/$1/statuses >/dev/null
	body | jq -r '[.items[].status] | join(",")'
}
status_has() { case ",$(statuses "$1")," in *",$2,"*) return 0 ;; esac; return 1; }
na_doc() {
	on na "$VTN"
	api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
	body | jq -r --arg s "$1" '[.items[] | select(.summary == $s) | .id] | first // empty'
}
na_has() { [ -n "$(na_doc "$1")" ]; }
hubq() { sqlite3 "$T/hub/congso.db" "$1"; }


S1="Quyết định gửi qua trục, bên nhận tự lấy"
issue "$S1" >"$T/st"	# not in $(...): DOC must stay set here
is "Thái Nguyên issues the Quyết định (200)" "$(cat "$T/st")" 200
DOC1=$DOC
check "  ... Nghệ An pulls it from the hub and registers it" wait_for 30 na_has "$S1"
is "  ... once" "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary = '$S1'")" 1
waiting() {
	curl -s -H "Authorization: Bearer $KNA" "$BASE_hub/api/v1/hub/packages" | jq .total
}
check "  ... acknowledged: nothing waits for Nghệ An at the hub" wait_for 10 test "$(waiting)" = 0
check "  ... and status 01 reaches Thái Nguyên through the hub" wait_for 30 status_has "$DOC1" 01
is "the hub logged the package as taken by its pull member" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND to_codes = '$NA_SO' AND outcome = 'accepted'")" 1

# A second document while Nghệ An is stopped: it waits, and is taken
# after the restart.
stop_instance na
S2="Quyết định chờ ở trục khi bên nhận dừng"
issue "$S2" >"$T/st"
is "Thái Nguyên issues while Nghệ An is stopped (200)" "$(cat "$T/st")" 200
check "  ... the package waits at the hub" wait_for 30 test "$(waiting)" = 1
start_instance na "$T/na" || exit 1
check "  ... and Nghệ An takes it after starting again" wait_for 30 na_has "$S2"
check "  ... leaving nothing waiting" wait_for 10 test "$(waiting)" = 0
finish
