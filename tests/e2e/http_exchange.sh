#!/bin/sh
# End to end: document exchange between two instances on loopback,
# peered directly. Thái Nguyên (the demo province, H55) signs its packages
# with a PEM key, Nghệ An (H41, a small directory) with a key on a SoftHSM
# token (a PEM key when SoftHSM is missing); both trust one test root.
# Sở TTTT Thái Nguyên issues a Quyết định to Sở TTTT Nghệ An: the Nghệ An
# clerk registers it, the leader directs it, the handler records progress
# and finishes, and Thái Nguyên sees 01, 03, 04, 05, 06 in order. A refusal
# comes back as 02 with its reason; a recall agreed (15) takes the
# document out of the receiver's queues; an update agreed changes it; a
# replace refused comes back as 16 with the reason. The
# exported package verifies with xmlsec1 against the test root; the same
# package posted twice registers once; a tampered one is refused (403)
# and kept in the refused inbox; the receiver stopped while the sender
# issues gets the package after it starts again; a burst with the
# receiver killed and restarted registers each package exactly once, and
# so do packages that were waiting together and go out in one batch.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
BURST=${EXCHANGE_BURST:-30}

for tool in openssl xmlsec1 jq sqlite3; do
	if ! command -v $tool >/dev/null; then
		echo "# skip: $tool is missing"
		finish
		exit $?
	fi
done
if ! "$CONGSO" help exchange >/dev/null 2>&1; then
	echo "# skip: the exchange module is not wired into congso"
	finish
	exit $?
fi

# ---- a test root and the two instances' exchange certificates --------
(
cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 3650 -subj "/CN=Exchange Test Root/O=congso" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
for n in tn na other; do
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out $n.key 2>/dev/null
	openssl req -utf8 -new -key $n.key -subj "/CN=Liên thông $n/O=congso" \
	    -out $n.csr 2>/dev/null
	printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext.cnf
	openssl x509 -req -in $n.csr -CA root.pem -CAkey root.key \
	    -CAcreateserial -days 3650 -sha256 -extfile ext.cnf \
	    -out $n.pem 2>/dev/null
done
)
check "the test certificates were made" test -s "$T/tn.pem" -a -s "$T/na.pem"

# ---- Thái Nguyên -----------------------------------------------------
"$CONGSO" init --data "$T/tn" --demo thai-nguyen >/dev/null 2>&1
check "the Thái Nguyên root is trusted" "$CONGSO" pdf trust add --data "$T/tn" "$T/root.pem"
out=$("$CONGSO" exchange setup --data "$T/tn" --key "$T/tn.key" --cert "$T/tn.pem" 2>&1)
has "exchange setup takes a PEM key and prints the certificate's SHA-256" "$out" "SHA-256"
is "  ... and only a reference to the key is stored" \
    "$(sqlite3 "$T/tn/congso.db" "SELECT value FROM settings WHERE key = 'exchange.key'")" "$T/tn.key"
st=$("$CONGSO" exchange setup --data "$T/tn" --key "$T/other.key" --cert "$T/tn.pem" >/dev/null 2>&1; echo $?)
is "a key that does not match the certificate is refused (exit 2)" "$st" 2

# ---- Nghệ An: a province, its Sở TTTT with a clerk, a leader, a handler
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
check "the Nghệ An root is trusted" "$CONGSO" pdf trust add --data "$T/na" "$T/root.pem"
MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && MODULE=$m
done
if [ -n "$MODULE" ] && command -v softhsm2-util >/dev/null &&
    command -v pkcs11-tool >/dev/null; then
	mkdir -p "$T/hsm/tokens"
	echo "directories.tokendir = $T/hsm/tokens" >"$T/hsm/softhsm2.conf"
	export SOFTHSM2_CONF=$T/hsm/softhsm2.conf
	softhsm2-util --init-token --free --label na --pin 1234 --so-pin 5678 >/dev/null
	openssl pkcs8 -topk8 -nocrypt -in "$T/na.key" -outform DER -out "$T/na.p8"
	pkcs11-tool --module "$MODULE" --token-label na --login --pin 1234 \
	    --write-object "$T/na.p8" --type privkey --label nakey --id 01 >/dev/null 2>&1
	NA_KEY="pkcs11:token=na;object=nakey;pin-value=1234"
	out=$("$CONGSO" exchange setup --data "$T/na" --key "$NA_KEY" \
	    --pkcs11-module "$MODULE" --cert "$T/na.pem" 2>&1)
	has "Nghệ An's exchange key is on a SoftHSM token" "$out" "SHA-256"
else
	echo "# SoftHSM missing: Nghệ An signs with a PEM key"
	"$CONGSO" exchange setup --data "$T/na" --key "$T/na.key" --cert "$T/na.pem" >/dev/null
fi
# Retries within a second instead of 30 s, for the test.
for d in tn na; do
	sqlite3 "$T/$d/congso.db" "INSERT INTO settings VALUES ('jobs.backoff_scale', '0.02')"
done

start_instance tn "$T/tn" || exit 1
start_instance na "$T/na" || exit 1
check "Thái Nguyên sends H41 to Nghệ An (suffix)" "$CONGSO" peer add --data "$T/tn" \
    --match H41 --url "$BASE_na" --name 'UBND tỉnh Nghệ An' --cert "$T/na.pem"
check "Nghệ An sends H55 to Thái Nguyên" "$CONGSO" peer add --data "$T/na" \
    --match H55 --url "$BASE_tn" --name 'UBND tỉnh Thái Nguyên'
st=$("$CONGSO" peer add --data "$T/na" --match 'H5 5' --url "$BASE_tn" >/dev/null 2>&1; echo $?)
is "a malformed match is refused (exit 2)" "$st" 2
has "peer list shows the pinned certificate" "$("$CONGSO" peer list --data "$T/tn")" "H41"

# tok NAME USER: a bearer token on instance NAME.
tok() {
	eval "BASE=\$BASE_$1"
	token "$2" "$PW"
}
# on NAME TOKEN: later api calls go to instance NAME as TOKEN.
on() { eval "BASE=\$BASE_$1"; TOKEN=$2; }
# wait_for SECONDS COMMAND...: until the command succeeds.
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
ADM_TN=$(tok tn admin)
VTN=$(tok na vt.na); LDN=$(tok na ld.na); CVN=$(tok na cv.na)
ADM_NA=$(tok na admin)
is "people of both instances sign in" "${#VT}:${#VTN}" 32:32
on na "$ADM_NA"
api GET "/api/v1/people?q=cv.na" >/dev/null
CVN_ID=$(body | jq '.items[0].id')

# issue SUMMARY: a Quyết định of Sở TTTT Thái Nguyên to Sở TTTT Nghệ An,
# drafted, approved and issued; its id in DOC.
issue() {
	on tn "$CV"
	api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"$1\",\"content\":\"Điều 1. Phối hợp liên tỉnh.\",\"external_recipients\":[{\"name\":\"Sở Thông tin và Truyền thông tỉnh Nghệ An\",\"code\":\"$NA_SO\"}]}" >/dev/null
	DOC=$(body | jq .id)
	api POST /api/v1/documents/$DOC/submit >/dev/null
	on tn "$LD"; api POST /api/v1/documents/$DOC/approve >/dev/null
	on tn "$VT"; ISSUED=$(api POST /api/v1/documents/$DOC/issue)
}
# statuses DOC: the status codes Thái Nguyên holds, in order, joined.
statuses() {
	on tn "$VT"
	api GET /api/v1/exchange/documents/$1/statuses >/dev/null
	body | jq -r '[.items[].status] | join(",")'
}
status_has() { case ",$(statuses "$1")," in *",$2,"*) return 0 ;; esac; return 1; }
# na_doc SUMMARY: the Nghệ An document of that summary (its clerk's view).
na_doc() {
	on na "$VTN"
	api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
	body | jq -r --arg s "$1" '[.items[] | select(.summary == $s) | .id] | first // empty'
}
na_has() { [ -n "$(na_doc "$1")" ]; }

# ---- the whole life of a Quyết định ------------------------------------
S1="Quyết định phối hợp chuyển đổi số liên tỉnh Thái Nguyên – Nghệ An"
issue "$S1"
is "Thái Nguyên issues the Quyết định (200)" "$ISSUED" 200
DOC1=$DOC
# The exchange job may already have sent it when the answer is read.
check "  ... the Nghệ An recipient is queued for the exchange (or sent)" \
    grep -qx 'pending_exchange\|sent' <<EOF
$(body | jq -r '.recipients[0].state')
EOF
check "  ... the package reaches Nghệ An" wait_for 20 na_has "$S1"
NDOC1=$(na_doc "$S1")
on na "$VTN"
api GET "/api/v1/documents?box=to_register" >/dev/null
is "  ... in the Nghệ An clerk's queue to register" "$(body | jq "[.items[].id] | index($NDOC1) != null")" true
api GET /api/v1/documents/$NDOC1 >/dev/null
is "  ... as an external document from 000.00.00.H55's unit" "$(body | jq -r .origin)" external
has "  ... with its number and symbol" "$(body | jq -r .notation)" "/QĐ-STTTT"
check "Thái Nguyên sees 01 (arrived)" wait_for 20 status_has $DOC1 01
is "Nghệ An's clerk registers it (200)" "$(api POST /api/v1/documents/$NDOC1/register '{}')" 200
on na "$LDN"
st=$(api POST /api/v1/documents/$NDOC1/direct "{\"direction\":\"Giao chuyên viên tham mưu\",\"main\":$CVN_ID,\"deadline_days\":5}")
is "Nghệ An's leader directs it to the handler (200)" "$st" 200
on na "$CVN"
is "the handler records progress (200)" "$(api POST /api/v1/documents/$NDOC1/progress '{"comment":"Đang xây dựng kế hoạch phối hợp"}')" 200
is "  ... a second progress note (200)" "$(api POST /api/v1/documents/$NDOC1/progress '{"comment":"Đã họp với Sở"}')" 200
is "the handler finishes (200)" "$(api POST /api/v1/documents/$NDOC1/finish '{"comment":"Hoàn thành"}')" 200
check "Thái Nguyên sees 06 (finished)" wait_for 20 status_has $DOC1 06
is "Thái Nguyên sees 01, 03, 04, 05, 06 in order" "$(statuses $DOC1)" "01,03,04,05,06"
on tn "$VT"
api GET /api/v1/exchange/documents/$DOC1/statuses >/dev/null
is "  ... for the recipient 000.12.30.H41" "$(body | jq -r '.recipients[0].code'):$(body | jq -r '.recipients[0].last_status')" "$NA_SO:06"
has "  ... 05 names the handler" "$(body | jq -r '.items[3].staff')" "Lê Thị Lan"
page=$(curl -s -H "Authorization: Bearer $VT" "$BASE_tn/lien-thong/van-ban/$DOC1")
has "the document's exchange page lists the statuses" "$page" "Đã hoàn thành"

# ---- the package sent, checked by an outside tool -------------------
check "the package sent can be exported" "$CONGSO" exchange export --data "$T/tn" \
    --doc $DOC1 --to $NA_SO "$T/pkg1.xml"
check "xmlsec1 verifies its signature against the test root" \
    xmlsec1 --verify --trusted-pem "$T/root.pem" "$T/pkg1.xml"
# A status Nghệ An's job queue wrote (in memory, signed with the key on
# its token) and stored in its database, as it was sent.
sqlite3 "$T/na/congso.db" "SELECT writefile('$T/st01.xml', data) FROM blobs
    WHERE hash = (SELECT sha256 FROM exchange_packages WHERE direction = 'out'
    AND kind = 'status' AND status_code = '01' ORDER BY id LIMIT 1)" >/dev/null
has "the status 01 sent back is an edXML status package" \
    "$(cat "$T/st01.xml" 2>/dev/null)" "<edXML:StatusCode>01</edXML:StatusCode>"
check "  ... xmlsec1 verifies its signature against the test root" \
    xmlsec1 --verify --trusted-pem "$T/root.pem" "$T/st01.xml"
a1=$(curl -s -H 'Content-Type: application/xml' --data-binary @"$T/pkg1.xml" "$BASE_na/api/v1/exchange/packages")
a2=$(curl -s -H 'Content-Type: application/xml' --data-binary @"$T/pkg1.xml" "$BASE_na/api/v1/exchange/packages")
is "posting the same package again is done and a duplicate" \
    "$(echo "$a1" | jq -r '.ack + ":" + (.duplicate|tostring)'),$(echo "$a2" | jq -r '.ack + ":" + (.duplicate|tostring)')" \
    "done:true,done:true"
is "  ... with the package's SHA-256 as its identity" "$(echo "$a1" | jq -r .sha256)" \
    "$(sha256sum "$T/pkg1.xml" | cut -c1-64)"
on na "$VTN"
api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
is "  ... and Nghệ An holds the document once" \
    "$(body | jq --arg s "$S1" '[.items[] | select(.summary == $s)] | length')" 1
# A package addressed to a division reaches the body it belongs to: the
# same package readdressed to a new division of the Sở, with a subject
# of its own, signed again with Thái Nguyên's key.
"$CONGSO" unit add --data "$T/na" --code 000.12.31.H41 --name 'Văn phòng Sở' \
    --short-name VP --kind division --parent $NA_SO >/dev/null
S9="Công văn gửi Văn phòng Sở về lịch tiếp công dân"
sed -e "s|<\\([A-Za-z]*:\\)\\{0,1\\}OrganId>$NA_SO<|<\\1OrganId>000.12.31.H41<|" \
    -e "s|<\\([A-Za-z]*:\\)\\{0,1\\}Subject>[^<]*<|<\\1Subject>$S9<|" \
    "$T/pkg1.xml" >"$T/div.xml"
check "  ... a package readdressed to a division is signed again" "$CONGSO" \
    edxml sign --key "$T/tn.key" --cert "$T/tn.pem" "$T/div.xml" "$T/div-signed.xml"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/xml' \
    --data-binary @"$T/div-signed.xml" "$BASE_na/api/v1/exchange/packages")
is "  ... and taken (200)" "$st:$(body | jq -r .ack)" "200:done"
api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
is "  ... into the queue of the Sở the division belongs to" \
    "$(body | jq --arg s "$S9" '[.items[] | select(.summary == $s)] | length')" 1
sed 's/phối hợp chuyển đổi số/phối hợp chuyển đổi SỐ/' "$T/pkg1.xml" >"$T/tampered.xml"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/xml' \
    --data-binary @"$T/tampered.xml" "$BASE_na/api/v1/exchange/packages")
is "a tampered package is refused (403)" "$st:$(body | jq -r .ack)" "403:fail"
on na "$ADM_NA"
api GET /api/v1/exchange/refused >/dev/null
is "  ... and kept in the refused inbox with its reason" \
    "$(body | jq -r '.items[0].state'):$(body | jq '.items[0].last_error | length > 0')" "refused:true"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/xml' \
    --data-binary '<a>không phải edXML</a>' "$BASE_na/api/v1/exchange/packages")
is "something that is not edXML gets 400" "$st:$(body | jq -r .error.code)" "400:not_edxml"
# A package the reader refuses (one parse checks the signature and reads):
# its rules, not "not edXML", kept in the refused inbox.
long=$(printf 'Trích yếu rất dài %.0s' $(seq 1 40))
sed "s|<\\([A-Za-z]*:\\)\\{0,1\\}Subject>[^<]*<|<\\1Subject>$long<|" "$T/pkg1.xml" >"$T/long.xml"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/xml' \
    --data-binary @"$T/long.xml" "$BASE_na/api/v1/exchange/packages")
is "a package breaking the rules (Subject over 500 characters) gets 400 rules" \
    "$st:$(body | jq -r .error.code):$(body | jq -r .error.message | grep -c Subject)" \
    "400:rules:1"
on na "$ADM_NA"
api GET /api/v1/exchange/refused >/dev/null
is "  ... kept as refused, with its reason" \
    "$(body | jq -r '.items[0].state'):$(body | jq -r '.items[0].last_error' | grep -c 'Subject')" \
    "refused:1"
page=$(curl -s -H "Authorization: Bearer $ADM_NA" "$BASE_na/quan-tri/lien-thong")
has "the admin page shows the refused inbox" "$page" "Bị từ chối khi nhận"

# ---- attachments travel whole -----------------------------------------------
# A small file (the package fits in the database: its attachments are
# read into memory) and a 200 KB one (the package is a file).
mkpdf "$T/small.pdf" "Phu luc 1"
mkpdf "$T/big.pdf" "Phu luc 2"
head -c 200000 /dev/zero | tr '\0' ' ' >>"$T/big.pdf"
for f in small big; do
	on tn "$CV"
	api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"Quyết định kèm tệp $f\",\"external_recipients\":[{\"name\":\"Sở Thông tin và Truyền thông tỉnh Nghệ An\",\"code\":\"$NA_SO\"}]}" >/dev/null
	D=$(body | jq .id)
	curl -s -o /dev/null -H "Authorization: Bearer $CV" -F "file=@$T/$f.pdf" \
	    "$BASE_tn/api/v1/documents/$D/files"
	api POST /api/v1/documents/$D/submit >/dev/null
	on tn "$LD"; api POST /api/v1/documents/$D/approve >/dev/null
	on tn "$VT"; api POST /api/v1/documents/$D/issue >/dev/null
	check "a document with its $f file reaches Nghệ An" \
	    wait_for 20 na_has "Quyết định kèm tệp $f"
	on na "$VTN"
	api GET "/api/v1/documents/$(na_doc "Quyết định kèm tệp $f")" >/dev/null
	FID=$(body | jq '.files[0].id')
	curl -s -o "$T/got.pdf" -H "Authorization: Bearer $VTN" \
	    "$BASE_na/api/v1/document-files/$FID"
	check "  ... and its file downloads there byte for byte" \
	    cmp -s "$T/got.pdf" "$T/$f.pdf"
done

# ---- refusal ---------------------------------------------------------------
S2="Quyết định gửi nhầm nơi nhận về tổ chức hội nghị"
issue "$S2"
DOC2=$DOC
check "the second document reaches Nghệ An" wait_for 20 na_has "$S2"
NDOC2=$(na_doc "$S2")
on na "$VTN"
is "Nghệ An's clerk refuses it with a reason (200)" \
    "$(api POST /api/v1/documents/$NDOC2/refuse '{"reason":"Không thuộc thẩm quyền của Sở"}')" 200
check "Thái Nguyên sees 02" wait_for 20 status_has $DOC2 02
on tn "$VT"
api GET /api/v1/exchange/documents/$DOC2/statuses >/dev/null
is "  ... with the reason" "$(body | jq -r '.items[] | select(.status == "02") | .description')" \
    "Không thuộc thẩm quyền của Sở"

# ---- recall, agreed ----------------------------------------------------------
S3="Quyết định sẽ được thu hồi về kế hoạch kiểm tra"
issue "$S3"
DOC3=$DOC
check "the third document reaches Nghệ An" wait_for 20 na_has "$S3"
# Its 01 comes back through Nghệ An's job queue; the recall, the 13, is
# recorded at once: asked before the 01 is back, the two would be listed
# the other way round, in the order Thái Nguyên learnt them.
check "  ... and Thái Nguyên sees its 01" wait_for 20 status_has $DOC3 01
NDOC3=$(na_doc "$S3")
on tn "$VT"
st=$(api POST /api/v1/exchange/documents/$DOC3/recall '{"reason":"Ban hành nhầm, thu hồi để sửa"}')
is "Thái Nguyên's clerk asks to recall it (202)" "$st" 202
on tn "$CV"
is "  ... which a specialist may not (403)" \
    "$(api POST /api/v1/exchange/documents/$DOC3/recall '{"reason":"x"}')" 403
# has_request: Nghệ An's clerk has a pending request.
has_request() { on na "$VTN"; api GET /api/v1/exchange/requests >/dev/null; [ "$(body | jq .total)" -ge 1 ]; }
check "Nghệ An's clerk gets the recall request" wait_for 20 has_request
REQ=$(body | jq '.items[0].id')
is "  ... a recall of that document" "$(body | jq -r '.items[0].business'):$(body | jq '.items[0].document')" "recall:$NDOC3"
is "Nghệ An's clerk agrees (200)" "$(api POST /api/v1/exchange/requests/$REQ/agree '{}')" 200
is "  ... once (409 the second time)" "$(api POST /api/v1/exchange/requests/$REQ/agree '{}')" 409
api GET "/api/v1/documents?box=to_register" >/dev/null
is "the recalled document left the queue to register" "$(body | jq "[.items[].id] | index($NDOC3)")" null
api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
is "  ... and the incoming list" "$(body | jq "[.items[].id] | index($NDOC3)")" null
is "  ... and can no longer be registered (409)" \
    "$(api POST /api/v1/documents/$NDOC3/register '{}'):$(body | jq -r .error.code)" "409:recalled"
check "Thái Nguyên sees 13 then 15" wait_for 20 status_has $DOC3 15
is "  ... in order" "$(statuses $DOC3)" "01,13,15"

# ---- update, agreed --------------------------------------------------------
on tn "$VT"
st=$(api POST /api/v1/exchange/documents/$DOC2/update '{"reason":"Sửa trích yếu","summary":"Quyết định tổ chức hội nghị chuyển đổi số (bản cập nhật)"}')
is "Thái Nguyên asks to update the second document (202)" "$st" 202
check "Nghệ An's clerk gets the update request" wait_for 20 has_request
REQ=$(body | jq '.items[0].id')
is "  ... an update" "$(body | jq -r '.items[0].business')" update
is "Nghệ An's clerk agrees to the update (200)" "$(api POST /api/v1/exchange/requests/$REQ/agree '{}')" 200
api GET /api/v1/documents/$NDOC2 >/dev/null
is "  ... the document takes the new summary" "$(body | jq -r .summary)" \
    "Quyết định tổ chức hội nghị chuyển đổi số (bản cập nhật)"
check "Thái Nguyên sees 15 for the update" wait_for 20 status_has $DOC2 15

# ---- replace, refused --------------------------------------------------------
on tn "$VT"
is "Thái Nguyên asks to replace the first document (202)" \
    "$(api POST /api/v1/exchange/documents/$DOC1/replace '{"reason":"Thay bằng bản đúng"}')" 202
check "Nghệ An's clerk gets the replace request" wait_for 20 has_request
REQ=$(body | jq '.items[0].id')
is "  ... a replace" "$(body | jq -r '.items[0].business')" replace
is "refusing needs a reason (422)" "$(api POST /api/v1/exchange/requests/$REQ/refuse '{}')" 422
is "Nghệ An's clerk refuses it with a reason (200)" \
    "$(api POST /api/v1/exchange/requests/$REQ/refuse '{"reason":"Văn bản đã xử lý xong"}'):$(body | jq -r .state)" "200:refused"
check "Thái Nguyên sees 16" wait_for 20 status_has $DOC1 16
on tn "$VT"
api GET /api/v1/exchange/documents/$DOC1/statuses >/dev/null
is "  ... with the reason" "$(body | jq -r '.items[] | select(.status == "16") | .description')" \
    "Văn bản đã xử lý xong"

# ---- the receiver stopped while the sender issues ------------------------
stop_instance na
# Each retry put off for long, as a down link makes it after a while.
sqlite3 "$T/tn/congso.db" "UPDATE settings SET value = '1000' WHERE key = 'jobs.backoff_scale'"
S4="Quyết định gửi khi Nghệ An tạm dừng"
issue "$S4"
is "Thái Nguyên issues while Nghệ An is down (200)" "$ISSUED" 200
DOC4=$DOC
# retrying: the package to Nghệ An has failed at least once.
retrying() {
	on tn "$ADM_TN"
	api GET /api/v1/exchange/outbox >/dev/null
	[ "$(body | jq '[.items[] | select(.document == '$DOC4' and .attempts >= 1 and .state == "queued")] | length')" -ge 1 ]
}
check "  ... the outbox retries the package" wait_for 20 retrying
page=$(curl -s -H "Authorization: Bearer $ADM_TN" "$BASE_tn/quan-tri/lien-thong")
has "  ... shown on the admin page as retrying" "$page" "Đang thử gửi lại"
has "  ... with why, in Vietnamese" "$page" "không kết nối được: máy nhận không chạy hoặc bị chặn"
has "  ... with the button that sends the waiting packages now" "$page" "Gửi ngay các gói đang chờ"
start_instance na "$T/na" || exit 1
sleep 2
if na_has "$S4"; then not_ok "  ... not sent again before its turn, far off"
else ok "  ... not sent again before its turn, far off"; fi
BASE=$BASE_tn
web_login admin "$PW" "$T/jar0" >/dev/null
page=$(curl -s -b "$T/jar0" -o "$T/now.html" -w '%{http_code}' \
    --data-urlencode "_csrf=$(csrf "$T/jar0")" "$BASE_tn/quan-tri/lien-thong/gui-ngay")
is "once Nghệ An is up the admin sends the outbox now (200)" "$page" 200
has "  ... the page says how many packages go" "$(cat "$T/now.html")" "Đang gửi 1 gói"
check "  ... and the package arrives" wait_for 10 na_has "$S4"
check "  ... and Thái Nguyên sees 01" wait_for 20 status_has $DOC4 01
on tn "$ADM_TN"
is "sending now with nothing waiting: 0 packages (API)" \
    "$(api POST /api/v1/exchange/outbox/send-now):$(body | jq .packages)" "200:0"
is "  ... written in the audit log" "$(sqlite3 "$T/tn/congso.db" "SELECT count(*) FROM audit WHERE action = 'exchange.send_now'")" 2
on tn "$VT"
is "  ... a clerk may not (403)" "$(api POST /api/v1/exchange/outbox/send-now)" 403
has "the command line sends the outbox now as well" "$("$CONGSO" exchange send-now --data "$T/tn")" "Đã đưa 0 gói"
sqlite3 "$T/tn/congso.db" "UPDATE settings SET value = '0.02' WHERE key = 'jobs.backoff_scale'"

# ---- a package that can never be delivered, and the retry button ----------
"$CONGSO" peer add --data "$T/tn" --match 000.00.00.G12 --url "$BASE_na" >/dev/null
on tn "$CV"
api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"Quyết định gửi Bộ\",\"external_recipients\":[{\"name\":\"Bộ Thông tin và Truyền thông\",\"code\":\"000.00.00.G12\"}]}" >/dev/null
DOC5=$(body | jq .id)
api POST /api/v1/documents/$DOC5/submit >/dev/null
on tn "$LD"; api POST /api/v1/documents/$DOC5/approve >/dev/null
on tn "$VT"; api POST /api/v1/documents/$DOC5/issue >/dev/null
failed5() {
	on tn "$ADM_TN"
	api GET "/api/v1/exchange/outbox?state=failed" >/dev/null
	[ "$(body | jq '[.items[] | select(.document == '$DOC5')] | length')" -ge 1 ]
}
check "a package no unit there receives fails for good (404 from the peer)" wait_for 20 failed5
PKG5=$(body | jq '[.items[] | select(.document == '$DOC5')][0].id')
has "  ... with the peer's reason" "$(body | jq -r '[.items[] | select(.document == '$DOC5')][0].last_error')" "404"
is "the admin retries it (200)" "$(api POST /api/v1/exchange/packages/$PKG5/retry)" 200
api GET "/api/v1/exchange/packages?state=sent" >/dev/null
SENT=$(body | jq '.items[0].id')
is "  ... only a failed one (409 for a package sent)" "$(api POST /api/v1/exchange/packages/$SENT/retry)" 409
on tn "$VT"
is "a clerk may not see the outbox (403)" "$(api GET /api/v1/exchange/outbox)" 403

# ---- pages: the admin's peer form (CSRF), the clerk's requests --------------
BASE=$BASE_tn
web_login admin "$PW" "$T/jar" >/dev/null
C=$(csrf "$T/jar")
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode "_csrf=$C" \
    --data-urlencode match=H22 --data-urlencode "url=http://127.0.0.1:9" \
    --data-urlencode kind=direct --data-urlencode 'name=UBND tỉnh Hà Giang' \
    "$BASE_tn/quan-tri/lien-thong/may")
is "the admin adds a peer with the page's form (303)" "$st" 303
has "  ... it is in the peer table" "$("$CONGSO" peer list --data "$T/tn")" "Hà Giang"
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode match=H23 \
    --data-urlencode "url=http://127.0.0.1:9" "$BASE_tn/quan-tri/lien-thong/may")
is "  ... not without the CSRF token (403)" "$st" 403
on tn "$ADM_TN"
api GET /api/v1/exchange/peers >/dev/null
is "the peer API lists three peers without their keys" \
    "$(body | jq '.total'):$(body | jq '[.items[] | has("api_key")] | any')" "3:false"
H22=$(body | jq '.items[] | select(.match == "H22") | .id')
is "the admin removes a peer through the API (200)" "$(api DELETE /api/v1/exchange/peers/$H22)" 200
is "  ... a peer that is not there: 404" "$(api DELETE /api/v1/exchange/peers/$H22)" 404
is "a malformed peer is refused (422)" \
    "$(api POST /api/v1/exchange/peers '{"match":"H 41","url":"ftp://x"}'):$(body | jq -r .error.field)" "422:match"
BASE=$BASE_na
web_login vt.na "$PW" "$T/jar2" >/dev/null
page=$(curl -s -b "$T/jar2" "$BASE_na/lien-thong/yeu-cau")
has "the receiving clerk's requests page answers" "$page" "Yêu cầu thu hồi, cập nhật, thay thế văn bản đến"

# ---- a burst with the receiver killed and restarted --------------------------
i=0
while [ $i -lt "$BURST" ]; do
	issue "Loạt $i"
	i=$((i + 1))
	[ $i -eq $((BURST / 2)) ] && kill_instance na
done
sleep 1
start_instance na "$T/na" || exit 1
burst_done() {
	[ "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary LIKE 'Loạt %'")" -ge "$BURST" ]
}
check "after the kill and restart every package of the burst arrives" wait_for 120 burst_done
is "  ... each registered exactly once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) || ':' || count(DISTINCT summary) FROM documents WHERE summary LIKE 'Loạt %'")" \
    "$BURST:$BURST"

# ---- packages waiting at once go out together -----------------------------
# Held back while Nghệ An is down, then sent now by the admin once it is
# up (as after a link was down): the first job keeps up to 32 posts under
# way, taking more as answers come, so more than that exercises the
# refilling. Each arrives and is registered exactly once, and each is
# marked sent.
HELD=40
kill_instance na
i=0
while [ $i -lt $HELD ]; do
	issue "Cùng lúc $i"
	i=$((i + 1))
done
HELD_SQL="FROM exchange_packages WHERE direction = 'out' AND kind = 'doc' AND doc_id IN (SELECT id FROM documents WHERE summary LIKE 'Cùng lúc %')"
held_tried() { [ "$(sqlite3 "$T/tn/congso.db" "SELECT count(*) $HELD_SQL AND state = 'queued' AND attempts >= 1")" = $HELD ]; }
check "with the receiver down the packages wait in the outbox" wait_for 60 held_tried
start_instance na "$T/na" || exit 1
on tn "$ADM_TN"
api POST /api/v1/exchange/outbox/send-now >/dev/null
n=$(body | jq .packages)
check "the admin sends them now: the $HELD waiting among them (got $n)" test "$n" -ge $HELD
held_done() {
	[ "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary LIKE 'Cùng lúc %'")" -ge $HELD ] &&
	    [ "$(sqlite3 "$T/tn/congso.db" "SELECT count(*) $HELD_SQL AND state = 'sent'")" = $HELD ]
}
check "  ... every package is sent" wait_for 60 held_done
is "  ... and registered exactly once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) || ':' || count(DISTINCT summary) FROM documents WHERE summary LIKE 'Cùng lúc %'")" \
    "$HELD:$HELD"

# ---- a stop does not wait for a peer that never answers --------------------
# A listener that takes the connection and the request and says nothing:
# the post would wait out its 300-second timeout.
python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])
' >"$T/silent.port" &
SILENT=$!
n=0; while [ ! -s "$T/silent.port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
"$CONGSO" peer add --data "$T/tn" --match H41 --url "http://127.0.0.1:$(cat "$T/silent.port")" \
    --name 'UBND tỉnh Nghệ An' >/dev/null
issue "Quyết định gửi khi Nghệ An không trả lời"
DOC6=$DOC
sending6() { [ "$(sqlite3 "$T/tn/congso.db" "SELECT state FROM exchange_packages WHERE direction = 'out' AND kind = 'doc' AND doc_id = $DOC6")" = sending ]; }
check "a package posted to a peer that never answers waits for it" wait_for 20 sending6
t0=$(date +%s)
stop_instance tn
t1=$(date +%s)
check "  ... yet Thái Nguyên stops within 15 s of SIGTERM (took $((t1 - t0)) s)" test $((t1 - t0)) -le 15
is "  ... the package back in the outbox, to be sent after the restart" \
    "$(sqlite3 "$T/tn/congso.db" "SELECT state FROM exchange_packages WHERE direction = 'out' AND kind = 'doc' AND doc_id = $DOC6")" queued
kill $SILENT 2>/dev/null; wait $SILENT 2>/dev/null

finish
