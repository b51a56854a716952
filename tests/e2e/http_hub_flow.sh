#!/bin/sh
# End to end through the hub: three instances on loopback. The hub (LGSP)
# has two push members, Thái Nguyên (the demo province, H55) and Nghệ An
# (H41), each with its pinned certificate; each province's only peer is
# the hub (kind "hub", "*", with its member key). Sở TTTT Thái Nguyên
# issues a Quyết định to Sở TTTT Nghệ An: the package goes through the
# hub, Nghệ An registers, directs, records progress and finishes, and
# Thái Nguyên sees 01, 03, 04, 05, 06 in order, each status having gone
# through the hub too; the hub's log holds every package once with its
# signer. A recall is agreed (13, 15). The hub stopped (SIGTERM) while
# Thái Nguyên issues, and killed (SIGKILL) with a burst in flight: every
# document reaches Nghệ An exactly once.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
BURST=${HUB_BURST:-10}

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
# Retries within a second instead of 30 s, for the test.
for d in tn na hub; do
	sqlite3 "$T/$d/congso.db" "INSERT INTO settings VALUES ('jobs.backoff_scale', '0.02')"
done

start_instance tn "$T/tn" || exit 1
start_instance na "$T/na" || exit 1
start_instance hub "$T/hub" || exit 1
KTN=$("$CONGSO" hub member add --data "$T/hub" --name 'UBND tỉnh Thái Nguyên' \
    --codes H55 --url "$BASE_tn" --cert "$T/tn.pem" | sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
KNA=$("$CONGSO" hub member add --data "$T/hub" --name 'UBND tỉnh Nghệ An' \
    --codes H41 --url "$BASE_na" --cert "$T/na.pem" | sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
is "the hub has two push members with keys" "${#KTN}:${#KNA}" 44:44
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

# ---- a Quyết định through the hub, and its statuses back ---------------
S1="Quyết định phối hợp chuyển đổi số qua trục liên thông"
issue "$S1" >"$T/st"	# not in $(...): DOC must stay set here
is "Thái Nguyên issues the Quyết định (200)" "$(cat "$T/st")" 200
DOC1=$DOC
check "  ... the package reaches Nghệ An through the hub" wait_for 30 na_has "$S1"
NDOC1=$(na_doc "$S1")
is "  ... the hub logged it: from the Thái Nguyên unit to $NA_SO, signed, trusted" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND outcome = 'accepted' AND to_codes = '$NA_SO' AND from_code LIKE '%.H55' AND sig_intact = 1 AND sig_trusted = 1 AND signer LIKE '%Lien thong tn%'")" 1
is "  ... and pushed it to Nghệ An" \
    "$(hubq "SELECT d.state FROM hub_deliveries d JOIN hub_messages m ON m.id = d.message_id WHERE m.kind = 'doc' AND m.to_codes = '$NA_SO'")" delivered
check "Thái Nguyên sees 01 (arrived), sent back through the hub" wait_for 30 status_has $DOC1 01
on na "$VTN"
is "Nghệ An's clerk registers it (200)" "$(api POST /api/v1/documents/$NDOC1/register '{}')" 200
on na "$LDN"
st=$(api POST /api/v1/documents/$NDOC1/direct "{\"direction\":\"Giao chuyên viên tham mưu\",\"main\":$CVN_ID,\"deadline_days\":5}")
is "Nghệ An's leader directs it (200)" "$st" 200
on na "$CVN"
is "the handler records progress (200)" "$(api POST /api/v1/documents/$NDOC1/progress '{"comment":"Đang xây dựng kế hoạch"}')" 200
is "the handler finishes (200)" "$(api POST /api/v1/documents/$NDOC1/finish '{"comment":"Hoàn thành"}')" 200
check "Thái Nguyên sees 06 (finished)" wait_for 30 status_has $DOC1 06
is "Thái Nguyên sees 01, 03, 04, 05, 06 in order" "$(statuses $DOC1)" "01,03,04,05,06"
DID=$(hubq "SELECT document_id FROM hub_messages WHERE kind = 'doc' AND to_codes = '$NA_SO' LIMIT 1")
is "the hub's log holds the statuses 01, 03, 04, 05, 06 from Nghệ An to Thái Nguyên" \
    "$(hubq "SELECT group_concat(status_code, ',') FROM (SELECT status_code FROM hub_messages WHERE kind = 'status' AND document_id = '$DID' AND outcome = 'accepted' ORDER BY id)")" \
    "01,03,04,05,06"
is "  ... each once, each delivered" \
    "$(hubq "SELECT count(*) || ':' || sum(d.state = 'delivered') FROM hub_messages m JOIN hub_deliveries d ON d.message_id = m.id WHERE m.document_id = '$DID'")" \
    "6:6"
on hub "$ADM_HUB"
st=$(api GET "/api/v1/hub/log?document_id=$(printf '%s' "$DID" | jq -sRr @uri)")
is "the hub's log API finds the six packages of the document" "$st:$(body | jq .total)" "200:6"

# ---- a recall, agreed -------------------------------------------------------
S3="Quyết định sẽ được thu hồi qua trục"
issue "$S3" >/dev/null
DOC3=$DOC
check "the second document reaches Nghệ An" wait_for 30 na_has "$S3"
NDOC3=$(na_doc "$S3")
on tn "$VT"
is "Thái Nguyên asks to recall it (202)" \
    "$(api POST /api/v1/exchange/documents/$DOC3/recall '{"reason":"Ban hành nhầm, thu hồi để sửa"}')" 202
has_request() { on na "$VTN"; api GET /api/v1/exchange/requests >/dev/null; [ "$(body | jq .total)" -ge 1 ]; }
check "Nghệ An's clerk gets the recall request through the hub" wait_for 30 has_request
REQ=$(body | jq '.items[0].id')
is "  ... a recall of that document" "$(body | jq -r '.items[0].business'):$(body | jq '.items[0].document')" "recall:$NDOC3"
is "Nghệ An's clerk agrees (200)" "$(api POST /api/v1/exchange/requests/$REQ/agree '{}')" 200
check "Thái Nguyên sees 15" wait_for 30 status_has $DOC3 15
is "  ... in order: 01, 13, 15" "$(statuses $DOC3)" "01,13,15"
api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
is "the recalled document left Nghệ An's incoming list" "$(body | jq "[.items[].id] | index($NDOC3)")" null

# ---- the hub stopped while Thái Nguyên issues ------------------------------
stop_instance hub
S4="Quyết định gửi khi trục tạm dừng"
issue "$S4" >"$T/st"
is "Thái Nguyên issues while the hub is down (200)" "$(cat "$T/st")" 200
sleep 2
start_instance hub "$T/hub" || exit 1
check "after the hub starts again the package arrives" wait_for 60 na_has "$S4"

# ---- the hub killed with a burst in flight --------------------------------
i=0
while [ $i -lt "$BURST" ]; do
	issue "Loạt qua trục $i" >/dev/null
	i=$((i + 1))
	[ $i -eq $((BURST / 2)) ] && kill_instance hub
done
sleep 1
start_instance hub "$T/hub" || exit 1
burst_done() {
	[ "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary LIKE 'Loạt qua trục %'")" -ge "$BURST" ]
}
check "after the hub is killed and restarted every document of the burst arrives" wait_for 120 burst_done
is "  ... each registered exactly once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) || ':' || count(DISTINCT summary) FROM documents WHERE summary LIKE 'Loạt qua trục %'")" \
    "$BURST:$BURST"
is "  ... and the hub logged each document package once (3 documents, a recall, the burst)" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND outcome = 'accepted' AND to_codes = '$NA_SO'")" \
    "$((BURST + 4))"
is "Nghệ An holds the first document once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary = '$S1'")" 1

finish
