#!/bin/sh
# The hub (LGSP): members registered by the command line, the admin API
# and the admin page; packages signed by a test CA's signer (openssl) with
# `congso edxml sign`; a member key that is wrong (401), packages unsigned,
# tampered, signed by an untrusted or not the pinned certificate (403),
# for a receiver no member answers for (404); a package accepted, logged,
# listed, fetched and acknowledged by a pull member; the same bytes again
# (a duplicate, one log row); a push member (a small HTTP server in
# python3 answering the exchange contract) that answers 503 first and
# still registers the package exactly once; the hub stopped (SIGTERM,
# then SIGKILL) and restarted with pushes in flight, each package
# registered exactly once; the admin pages and API, refused to a
# specialist; metadata-only logging (hub.keep_packages = 0).
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

for tool in openssl jq sqlite3 python3 xmlsec1; do
	if ! command -v $tool >/dev/null; then
		echo "# skip: $tool is missing"
		finish
		exit $?
	fi
done
if ! "$CONGSO" help hub >/dev/null 2>&1 ||
    ! "$CONGSO" help edxml >/dev/null 2>&1; then
	echo "# skip: the hub or edxml module is not wired into congso"
	finish
	exit $?
fi

# ---- a test CA, two signers under it, and one under an untrusted CA ----
mkdir "$T/ca"
ca() {	# ca NAME SUBJECT: a self-signed CA
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ca/$1.key" \
	    -out "$T/ca/$1.pem" -days 30 -subj "$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
}
leaf() {	# leaf NAME CA SUBJECT: a signing certificate issued by CA
	openssl req -newkey rsa:2048 -nodes -keyout "$T/ca/$1.key" \
	    -out "$T/ca/$1.csr" -utf8 -subj "$3" >/dev/null 2>&1
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' \
	    >"$T/ca/leaf.cnf"
	openssl x509 -req -in "$T/ca/$1.csr" -CA "$T/ca/$2.pem" \
	    -CAkey "$T/ca/$2.key" -CAcreateserial -out "$T/ca/$1.pem" \
	    -days 30 -extfile "$T/ca/leaf.cnf" >/dev/null 2>&1
}
ca root "/CN=CA thu nghiem truc/O=congso"
ca other "/CN=CA khong tin cay/O=khac"
leaf tn root "/C=VN/O=UBND tỉnh Thái Nguyên/CN=Sở Nội vụ Thái Nguyên"
leaf na root "/CN=So Noi vu Nghe An/O=congso"
leaf bad other "/CN=Ke gia mao/O=khac"
check "the test CA and signers are made" test -s "$T/ca/bad.pem"

# mkdoc FILE FROM NUMBER TO...: an unsigned document package (QĐ).
mkdoc() {
	_f=$1 _from=$2 _n=$3
	shift 3
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>'
		printf '<From><OrganId>%s</OrganId><OrganName>Sở Nội vụ</OrganName></From>' "$_from"
		for _to in "$@"; do
			printf '<To><OrganId>%s</OrganId><OrganName>Đơn vị nhận %s</OrganName></To>' "$_to" "$_to"
		done
		printf '<Code><CodeNumber>%s</CodeNumber><CodeNotation>QĐ-SNV</CodeNotation></Code>' "$_n"
		printf '<PromulgationInfo><Place>Thái Nguyên</Place><PromulgationDate>2026/11/22</PromulgationDate></PromulgationInfo>'
		printf '<DocumentType><Type>1</Type><TypeName>Quyết định</TypeName></DocumentType>'
		printf '<Subject>Quyết định số %s về việc thử trục liên thông</Subject>' "$_n"
		printf '<DocumentId>%s,2026/11/22,%s/QĐ-SNV</DocumentId>' "$_from" "$_n"
		printf '</MessageHeader><TraceHeaderList><TraceHeader><OrganId>%s</OrganId><Timestamp>2026/11/22 08:00:00</Timestamp></TraceHeader>' "$_from"
		printf '<Bussiness><BussinessDocType>0</BussinessDocType></Bussiness></TraceHeaderList></edXMLHeader>'
		printf '<edXMLBody><Manifest/></edXMLBody></edXMLEnvelope></edXML>\n'
	} >"$_f"
}
# mkstatus FILE FROM CODE RESPONSE_ORGAN DOCUMENT_ID: a status package.
mkstatus() {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><Status>'
		printf '<ResponseFor><OrganId>%s</OrganId><Code>1/QĐ-SNV</Code><PromulgationDate>2026/11/22</PromulgationDate><DocumentId>%s</DocumentId></ResponseFor>' "$4" "$5"
		printf '<From><OrganId>%s</OrganId><OrganName>Sở Nội vụ Nghệ An</OrganName></From>' "$2"
		printf '<StatusCode>%s</StatusCode><Description>Đã vào sổ</Description><Timestamp>2026/11/22 09:00:00</Timestamp>' "$3"
		printf '<StaffInfo><Department>Văn phòng</Department><Staff>Lê Văn Thư</Staff></StaffInfo>'
		printf '</Status></edXMLHeader><edXMLBody/></edXMLEnvelope></edXML>\n'
	} >"$1"
}
# sign SIGNER IN OUT
sign() {
	"$CONGSO" edxml sign --key "$T/ca/$1.key" --cert "$T/ca/$1.pem" "$2" "$3" >/dev/null
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

TN=000.00.12.H55	# Sở Nội vụ Thái Nguyên (member "TN", suffix H55)
NA=000.00.15.H41	# Sở Nội vụ Nghệ An (member "NA", suffix H41)
HG=000.00.09.H23	# a unit of a congso instance that takes pushes (H23)

mkdoc "$T/d1.xml" $TN 1 $NA
sign tn "$T/d1.xml" "$T/d1.edxml"
check "congso edxml sign signs a package with the test signer" test -s "$T/d1.edxml"

# ---- the hub -------------------------------------------------------------
"$CONGSO" init --data "$T/hub" --demo thai-nguyen >/dev/null 2>&1
"$CONGSO" pdf trust add --data "$T/hub" "$T/ca/root.pem" >/dev/null
start_instance hub "$T/hub" || exit 1
H=$BASE_hub
BASE=$H

# send KEY FILE: POST a package; prints the status, the body in $T/body.
send() {
	curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $1" \
	    -H 'Content-Type: application/xml' --data-binary "@$2" \
	    "$H/api/v1/hub/packages"
}
# member KEY METHOD PATH [JSON]
member() {
	if [ -n "${4:-}" ]; then
		curl -s -o "$T/body" -w '%{http_code}' -X "$2" \
		    -H "Authorization: Bearer $1" \
		    -H 'Content-Type: application/json' -d "$4" "$H$3"
	else
		curl -s -o "$T/body" -w '%{http_code}' -X "$2" \
		    -H "Authorization: Bearer $1" "$H$3"
	fi
}
# admin METHOD PATH [JSON] (with $TOKEN)
admin() { api "$@"; }
q() { sqlite3 "$T/hub/congso.db" "$1"; }

st=$(send hub_0000000000000000000000000000000000000000 "$T/d1.edxml")
is "with no member the instance is not a hub (404 hub_disabled)" \
    "$st:$(body | jq -r .ack):$(body | jq -r .error.code)" "404:fail:hub_disabled"

# Members: by the command line (with the pinned certificate), the API
# and the page.
out=$("$CONGSO" hub member add --data "$T/hub" --name "QLVB Thái Nguyên" \
    --codes H55 --cert "$T/ca/tn.pem" 2>&1)
KTN=$(printf '%s\n' "$out" | sed -n 's/.*: \(hub_[0-9a-f]*\)$/\1/p')
is "congso hub member add prints a 44-character key once" "${#KTN}" 44
is "  ... and keeps only its hash" \
    "$(q "SELECT count(*) FROM hub_members WHERE key_hash = '$(printf %s "$KTN" | sha256sum | cut -d' ' -f1)'")" 1
is "  ... never the key itself" "$(q "SELECT count(*) FROM hub_members WHERE key_hash LIKE 'hub_%' OR key_prefix LIKE 'hub_%'")" 0
out=$("$CONGSO" hub member add --data "$T/hub" --name X --codes 000.00.12.H55,h55 2>&1)
has "a code already taken is refused" "$out" "đã thuộc thành viên QLVB Thái Nguyên"
out=$("$CONGSO" hub member add --data "$T/hub" --name X --codes 5.H55 2>&1)
has "a code that is not a code or a suffix of one is refused" "$out" "mã định danh đầy đủ"

TOKEN=$(token admin $PW)
st=$(admin POST /api/v1/hub/members '{"name":"QLVB Nghệ An","codes":["H41"]}')
is "an admin adds a pull member through the API (201)" "$st" 201
KNA=$(body | jq -r .key)
NAID=$(body | jq -r .id)
is "  ... the key is in the answer once" "${#KNA}:$(body | jq -r .mode)" "44:pull"
st=$(admin GET "/api/v1/hub/members/$NAID")
is "  ... and not when the member is read again" "$st:$(body | jq -r '.key // "none"')" "200:none"
st=$(admin GET /api/v1/hub/members)
is "the pinned certificate's subject reads in Vietnamese, not as escapes" \
    "$(body | jq -r '.items[] | select(.name == "QLVB Thái Nguyên") | .certificate_subject')" \
    "CN=Sở Nội vụ Thái Nguyên,O=UBND tỉnh Thái Nguyên,C=VN"
st=$(admin POST /api/v1/hub/members '{"name":"Y","codes":["H41"]}')
is "  ... a code taken answers 409" "$st:$(body | jq -r .error.code)" "409:code_taken"
st=$(admin POST /api/v1/hub/members '{"name":"Y","codes":["H44"],"url":"ftp://x"}')
is "  ... a push URL that is not http(s) answers 422" "$st" 422

# The push target: answers the exchange contract, counts registrations.
mkdir "$T/push"
cat >"$T/push.py" <<'EOF'
import hashlib, json, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
state = sys.argv[1]
seen = set()
lock = threading.Lock()
def num(name, conv):
    try:
        return conv(open(state + "/" + name).read().strip() or 0)
    except OSError:
        return conv(0)
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        h = hashlib.sha256(body).hexdigest()
        with lock:
            with open(state + "/started", "a") as f:
                f.write(h + "\n")
        time.sleep(num("delay", float))
        with lock:
            with open(state + "/requests", "a") as f:
                f.write(h + "\n")
            fail = num("fail", int)
            if self.path != "/api/v1/exchange/packages":
                code, out = 404, {"ack": "fail", "error": {"code": "not_found", "message": "Không có", "field": None}}
            elif fail > 0:
                with open(state + "/fail", "w") as f:
                    f.write(str(fail - 1))
                code, out = 503, {"ack": "fail", "error": {"code": "busy", "message": "Hệ thống bận", "field": None}}
            elif b"KHONG-NHAN" in body:	# '-' is not base64: only on purpose
                code, out = 400, {"ack": "fail", "error": {"code": "rules", "message": "Không nhận gói này", "field": None}}
            else:
                dup = h in seen
                if not dup:
                    seen.add(h)
                    with open(state + "/registered", "a") as f:
                        f.write(h + "\n")
                code, out = 200, {"ack": "done", "sha256": h, "duplicate": dup}
        b = json.dumps(out).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        try:
            self.wfile.write(b)
        except OSError:
            pass	# the hub went away (killed on purpose)
    def log_message(self, *a):
        pass
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(state + "/port.tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(state + "/port.tmp", state + "/port")
srv.serve_forever()
EOF
python3 "$T/push.py" "$T/push" 2>"$T/push.log" &
PUSH_PID=$!
n=0
while [ ! -s "$T/push/port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
PUSH=http://127.0.0.1:$(cat "$T/push/port")
touch "$T/push/requests" "$T/push/registered" "$T/push/started"

J="$T/admin.jar"
web_login admin $PW "$J" >/dev/null
C=$(csrf "$J")
st=$(curl -s -o "$T/page" -w '%{http_code}' -b "$J" --data-urlencode "_csrf=$C" \
    --data-urlencode "name=congso Hà Giang" --data-urlencode "codes=H23" \
    --data-urlencode "url=$PUSH" "$H/quan-tri/truc-lien-thong/thanh-vien")
is "an admin adds a push member on the page" "$st" 200
KHG=$(sed -n 's/.*value="\(hub_[0-9a-f]*\)".*/\1/p' "$T/page" | head -n 1)
is "  ... and sees its key once" "${#KHG}" 44
has "  ... with the warning that it is shown once" "$(cat "$T/page")" "một lần"
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong")
has "the hub page lists the members" "$page" "QLVB Nghệ An"
case $page in *"$KHG"*) not_ok "the hub page does not show keys again" ;; *) ok "the hub page does not show keys again" ;; esac

# ---- refusals ------------------------------------------------------------
st=$(send "hub_$(printf '%040d' 7)" "$T/d1.edxml")
is "a wrong member key answers 401 with the ack shape" \
    "$st:$(body | jq -r .ack):$(body | jq -r .error.code)" "401:fail:bad_key"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Content-Type: application/xml' \
    --data-binary "@$T/d1.edxml" "$H/api/v1/hub/packages")
is "no key answers 401" "$st" 401
TOKEN_SPEC=$(token chuyenvien $PW)
st=$(send "$TOKEN_SPEC" "$T/d1.edxml")
is "a person's API token is not a member key (401)" "$st" 401

mkdoc "$T/u.xml" $TN 2 $NA
st=$(send "$KTN" "$T/u.xml")
is "an unsigned package answers 403 unsigned" "$st:$(body | jq -r .error.code)" "403:unsigned"
sed 's/thử trục liên thông/thử trục liên thông (đã sửa)/' "$T/d1.edxml" >"$T/tampered.edxml"
st=$(send "$KTN" "$T/tampered.edxml")
is "a tampered package answers 403 signature_invalid" "$st:$(body | jq -r .error.code)" "403:signature_invalid"
mkdoc "$T/b.xml" $TN 3 $NA
sign bad "$T/b.xml" "$T/b.edxml"
st=$(send "$KTN" "$T/b.edxml")
is "a package signed under an untrusted CA answers 403 untrusted" "$st:$(body | jq -r .error.code)" "403:untrusted"
mkdoc "$T/p.xml" $TN 4 $NA
sign na "$T/p.xml" "$T/p.edxml"
st=$(send "$KTN" "$T/p.edxml")
is "a trusted signature but not the member's pinned certificate: 403 not_pinned" \
    "$st:$(body | jq -r .error.code)" "403:not_pinned"
mkdoc "$T/x.xml" $TN 5 000.00.01.H99
sign tn "$T/x.xml" "$T/x.edxml"
st=$(send "$KTN" "$T/x.edxml")
is "a receiver no member answers for: 404 no_member" "$st:$(body | jq -r .error.code)" "404:no_member"
has "  ... naming the code" "$(body | jq -r .error.message)" "000.00.01.H99"
mkdoc "$T/f.xml" $NA 6 $TN
sign tn "$T/f.xml" "$T/f.edxml"
st=$(send "$KTN" "$T/f.edxml")
is "a sender unit that is not the member's: 403 sender_not_member" \
    "$st:$(body | jq -r .error.code)" "403:sender_not_member"
printf 'không phải XML' >"$T/junk"
st=$(send "$KTN" "$T/junk")
is "bytes that are not edXML: 400" "$st:$(body | jq -r .error.code)" "400:not_edxml"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $KTN" \
    --data-binary "@$T/d1.edxml" "$H/api/v1/hub/packages")
is "a form content type is not a package: 400 no_package" "$st:$(body | jq -r .error.code)" "400:no_package"
is "nothing refused was stored or routed" \
    "$(q "SELECT count(*) FROM hub_messages WHERE outcome = 'accepted'"):$(q "SELECT count(*) FROM hub_deliveries")" "0:0"
is "each refusal is in the message log with its reason" \
    "$(q "SELECT count(*) FROM hub_messages WHERE outcome = 'refused' AND reason <> ''")" 7
is "  ... the tampered one with its sender, receiver and verdict" \
    "$(q "SELECT from_code || ' ' || to_codes || ' ' || sig_present || sig_intact FROM hub_messages WHERE status = 403 AND reason LIKE '%nguyên vẹn%'")" \
    "$TN $NA 10"
is "  ... the untrusted one with its signer" \
    "$(q "SELECT sig_intact || sig_trusted || ' ' || (signer LIKE '%Ke gia mao%') FROM hub_messages WHERE status = 403 AND reason LIKE '%gốc tin cậy%'")" \
    "10 1"

# ---- a package to a pull member ----------------------------------------
st=$(send "$KTN" "$T/d1.edxml")
is "a signed package is accepted (200 done)" \
    "$st:$(body | jq -r .ack):$(body | jq -r .duplicate):$(body | jq -r .sha256)" \
    "200:done:false:$(sha "$T/d1.edxml")"
ID1=$(body | jq -r .id)
st=$(send "$KTN" "$T/d1.edxml")
is "the same bytes again: done, duplicate, the same id" \
    "$st:$(body | jq -r .duplicate):$(body | jq -r .id)" "200:true:$ID1"
is "  ... one log row, the repeat counted" \
    "$(q "SELECT count(*) || ':' || max(repeats) FROM hub_messages WHERE sha256 = '$(sha "$T/d1.edxml")'")" "1:1"
st=$(admin GET "/api/v1/hub/log?sha256=$(sha "$T/d1.edxml")")
is "the message log has it (admin API)" "$st:$(body | jq -r .total)" "200:1"
is "  ... who sent what to whom, the signature and the outcome" \
    "$(body | jq -r '.items[0] | [.member.name, .from, .to[0], .kind, .document_id, .signature.intact, .signature.trusted, .outcome, .deliveries[0].member, .deliveries[0].state] | join("|")')" \
    "QLVB Thái Nguyên|$TN|$NA|doc|$TN,2026/11/22,1/QĐ-SNV|true|true|accepted|QLVB Nghệ An|waiting"

st=$(member "$KNA" GET "/api/v1/hub/packages")
is "the pull member lists it" "$st:$(body | jq -r .total):$(body | jq -r '.items[0].id'):$(body | jq -r '.items[0].from')" "200:1:$ID1:$TN"
st=$(member "$KTN" GET "/api/v1/hub/packages/$ID1")
is "another member cannot fetch it (404)" "$st" 404
curl -s -o "$T/got.edxml" -H "Authorization: Bearer $KNA" "$H/api/v1/hub/packages/$ID1"
is "the pull member fetches the exact bytes" "$(sha "$T/got.edxml")" "$(sha "$T/d1.edxml")"
check "  ... whose signature xmlsec1 verifies against the test CA" \
    xmlsec1 --verify --trusted-pem "$T/ca/root.pem" "$T/got.edxml"
st=$(member "$KNA" POST "/api/v1/hub/packages/$ID1/ack" '{"status":"maybe"}')
is "an ack with a bad status: 422" "$st" 422
st=$(member "$KNA" POST "/api/v1/hub/packages/$ID1/ack" '{"status":"done"}')
is "the pull member acknowledges it" "$st:$(body | jq -r .status)" "200:done"
st=$(member "$KNA" POST "/api/v1/hub/packages/$ID1/ack" '{"status":"done"}')
is "  ... again: the same answer" "$st" 200
st=$(member "$KNA" POST "/api/v1/hub/packages/$ID1/ack" '{"status":"fail","reason":"x"}')
is "  ... a different answer afterwards: 409" "$st" 409
st=$(member "$KNA" GET "/api/v1/hub/packages")
is "  ... and it leaves the waiting list" "$st:$(body | jq -r .total)" "200:0"

# A status package back: routed by ResponseFor to the sender's member.
mkstatus "$T/s.xml" $NA 03 $TN "$TN,2026/11/22,1/QĐ-SNV"
sign na "$T/s.xml" "$T/s.edxml"
st=$(send "$KNA" "$T/s.edxml")
is "the receiver sends status 03 back through the hub" "$st:$(body | jq -r .ack)" "200:done"
st=$(member "$KTN" GET "/api/v1/hub/packages")
is "  ... the sender's member lists it as a status package" \
    "$(body | jq -r '.items[0] | [.kind, .status_code, .from, .to] | join("|")')" \
    "status|03|$NA|$TN"
SID=$(body | jq -r '.items[0].id')
st=$(member "$KTN" POST "/api/v1/hub/packages/$SID/ack" '{"status":"fail","reason":"Không khớp văn bản nào"}')
is "  ... and may refuse it with a reason" "$st" 200
is "  ... which the log keeps" \
    "$(q "SELECT state || ':' || reason FROM hub_deliveries WHERE message_id = $SID")" \
    "failed:Không khớp văn bản nào"

# ---- a push member that answers 503 first --------------------------------
echo 1 >"$T/push/fail"
mkdoc "$T/d2.xml" $TN 7 $HG $NA
sign tn "$T/d2.xml" "$T/d2.edxml"
st=$(send "$KTN" "$T/d2.edxml")
is "a package to a push member and a pull member is accepted" "$st" 200
ID2=$(body | jq -r .id)
is "  ... one delivery per member" "$(q "SELECT group_concat(mode, ',') FROM (SELECT mode FROM hub_deliveries WHERE message_id = $ID2 ORDER BY mode)")" "pull,push"
n=0
while [ "$(q "SELECT attempts FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'push'")" != 1 ] && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
is "the push member answered 503: the delivery waits to be retried" \
    "$(q "SELECT state || ':' || attempts FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'push'")" "waiting:1"
has "  ... with the receiver's answer as the reason" \
    "$(q "SELECT reason FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'push'")" "503"
is "  ... the job is queued again with backoff (30 s)" \
    "$(q "SELECT state || ':' || (run_at - updated_at >= 29) FROM jobs WHERE kind = 'hub.forward' ORDER BY id DESC LIMIT 1")" "queued:1"
# Do not wait the 30 s: the operator pushes now, as once a member's
# system is back.
HGID=$(q "SELECT id FROM hub_members WHERE name = 'congso Hà Giang'")
web_login admin $PW "$J" >/dev/null
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong")
has "the hub page offers to push the member's waiting packages now" "$page" "thanh-vien/$HGID/day-ngay"
st=$(curl -s -o "$T/page" -w '%{http_code}' -b "$J" --data-urlencode "_csrf=$(csrf "$J")" \
    "$H/quan-tri/truc-lien-thong/thanh-vien/$HGID/day-ngay")
is "  ... the operator pushes now (200)" "$st" 200
has "  ... the page says how many" "$(cat "$T/page")" "Đang đẩy 1 gói tin đang chờ"
n=0
while [ "$(q "SELECT state FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'push'")" != delivered ] && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
is "the retry delivers it" "$(q "SELECT state FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'push'")" delivered
is "  ... the push target registered it exactly once" \
    "$(grep -c "$(sha "$T/d2.edxml")" "$T/push/registered")" 1
is "  ... after two requests (503, then done)" \
    "$(grep -c "$(sha "$T/d2.edxml")" "$T/push/requests")" 2
is "  ... while it still waits for the pull member" \
    "$(q "SELECT state FROM hub_deliveries WHERE message_id = $ID2 AND mode = 'pull'")" waiting
is "  ... the push written in the audit log" \
    "$(q "SELECT actor || ':' || object || ':' || detail FROM audit WHERE action = 'hub.member.push_now'")" \
    "admin:hub_member:$HGID:1"
st=$(admin POST /api/v1/hub/members/$HGID/push-now)
is "pushing now with nothing waiting: 0 deliveries (API)" "$st:$(body | jq .deliveries)" "200:0"
NAPULL=$(q "SELECT id FROM hub_members WHERE name = 'QLVB Nghệ An'")
st=$(admin POST /api/v1/hub/members/$NAPULL/push-now)
is "  ... a pull member is not pushed to (409)" "$st:$(body | jq -r .error.code)" "409:pull_member"
st=$(admin POST /api/v1/hub/members/99999/push-now)
is "  ... an unknown member: 404" "$st" 404
has "  ... and from the command line" "$("$CONGSO" hub member push-now --data "$T/hub" "$HGID")" "Đã đưa 0 gói tin"

# A 4xx from the push target: failed, not retried.
mkdoc "$T/d3.xml" $TN 8 $HG
sed 's/Đơn vị nhận 000.00.09.H23/Đơn vị nhận KHONG-NHAN/' "$T/d3.xml" >"$T/d3b.xml"
sign tn "$T/d3b.xml" "$T/d3.edxml"
send "$KTN" "$T/d3.edxml" >/dev/null
ID3=$(body | jq -r .id)
n=0
while [ "$(q "SELECT state FROM hub_deliveries WHERE message_id = $ID3")" = waiting ] && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
is "a 4xx answer from the push target fails the delivery (no retry)" \
    "$(q "SELECT state || ':' || (reason LIKE '%400%Không nhận gói này%') FROM hub_deliveries WHERE message_id = $ID3"):$(q "SELECT state FROM jobs WHERE kind = 'hub.forward' ORDER BY id DESC LIMIT 1")" \
    "failed:1:done"

# ---- stopped and restarted with pushes in flight -------------------------
# restart_with SIGNAL FIRST: send 4 packages to the push member (which
# takes 1 s to answer each), stop the hub with SIGNAL once the member has
# begun to take one of them (so that it is in flight: the member answers
# a second later), start it again; every package must end delivered and
# registered by the target exactly once. A SIGTERM lets the pushes under
# way finish before the hub stops; a SIGKILL cuts them off.
restart_with() {
	echo 1 >"$T/push/delay"
	: >"$T/sent"
	for i in 1 2 3 4; do
		mkdoc "$T/r.xml" $TN "$(($2 + i))" $HG
		sign tn "$T/r.xml" "$T/r$i.edxml"
		send "$KTN" "$T/r$i.edxml" >/dev/null
		sha "$T/r$i.edxml" >>"$T/sent"
	done
	n=0
	until grep -q -F -f "$T/sent" "$T/push/started" || [ $n -ge 200 ]; do
		sleep 0.05; n=$((n + 1))
	done
	shas=$(sed "s/.*/'&'/" "$T/sent" | paste -sd, -)
	inflight=$(q "SELECT count(*) FROM hub_deliveries d JOIN hub_messages m ON m.id = d.message_id WHERE d.state = 'waiting' AND m.sha256 IN ($shas)")
	if [ "$1" = KILL ]; then kill_instance hub; else stop_instance hub; fi
	echo 0 >"$T/push/delay"
	start_instance hub "$T/hub" || return 1
	H=$BASE_hub
	BASE=$H
	n=0
	while [ "$(q "SELECT count(*) FROM hub_deliveries WHERE mode = 'push' AND state = 'waiting'")" != 0 ] && [ $n -lt 150 ]; do
		sleep 0.1; n=$((n + 1))
	done
	check "SIGTERM/SIGKILL ($1): packages were being delivered when the hub was stopped ($inflight)" test "$inflight" -gt 0
	is "  ... after the restart all 4 are delivered" \
	    "$(q "SELECT count(*) FROM hub_deliveries d JOIN hub_messages m ON m.id = d.message_id WHERE d.state = 'delivered' AND m.sha256 IN ($shas)")" 4
	dupes=$(sort "$T/push/registered" | uniq -d | head -n 3)
	is "  ... and each was registered exactly once by the receiver" "$dupes" ""
	is "  ... all 4 of them" "$(grep -c -F -f "$T/sent" "$T/push/registered")" 4
}
restart_with TERM 100
restart_with KILL 200
H=$BASE_hub

# ---- admin pages and API; a specialist is refused ------------------------
web_login admin $PW "$J" >/dev/null
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?code=H41")
has "the log page searches by code" "$page" "$TN,2026/11/22,1/QĐ-SNV"
has "  ... and shows the signer, its Vietnamese as written" "$page" \
    "CN=Sở Nội vụ Thái Nguyên,O=UBND tỉnh Thái Nguyên,C=VN"
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?sha256=$(sha "$T/d2.edxml")")
has "  ... by SHA-256" "$page" "1 gói tin"
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?document_id=$(printf '%s' "$TN,2026/11/22,7/QĐ-SNV" | jq -sRr @uri)")
has "  ... by document id" "$page" "1 gói tin"
today=$(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?from=$today&to=$today&outcome=refused")
has "  ... by date range and outcome" "$page" "7 gói tin"
page=$(curl -s -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?from=01/01/2020&to=31/12/2020")
has "  ... a range with nothing in it" "$page" "0 gói tin"
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$H/quan-tri/truc-lien-thong/nhat-ky?from=32/13/2026")
is "  ... a bad date answers 400" "$st" 400
st=$(admin GET "/api/v1/hub/log?code=H23&limit=2")
is "the log API pages (limit 2 of the pushes)" "$st:$(body | jq '.items | length'):$(body | jq '.total > 2')" "200:2:true"
st=$(admin GET "/api/v1/hub/log?outcome=failed")
is "  ... and finds failed deliveries" "$st:$(body | jq -r .total)" "200:2"
out=$("$CONGSO" hub log --data "$T/hub" --code H41 --limit 5)
has "congso hub log prints the log" "$out" "$TN,2026/11/22,1/QĐ-SNV"
out=$("$CONGSO" hub member list --data "$T/hub")
has "congso hub member list lists members" "$out" "QLVB Nghệ An"

J2="$T/spec.jar"
web_login chuyenvien $PW "$J2" >/dev/null
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J2" "$H/quan-tri/truc-lien-thong")
is "a specialist gets 403 on the hub page" "$st" 403
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J2" "$H/quan-tri/truc-lien-thong/nhat-ky")
is "  ... and on the log page" "$st" 403
TOKEN=$TOKEN_SPEC
st=$(api GET /api/v1/hub/log)
is "  ... and 403 on the log API" "$st" 403
st=$(api POST /api/v1/hub/members '{"name":"Z","codes":["H77"]}')
is "  ... and may not add members" "$st" 403
TOKEN=$(token admin $PW)

# ---- metadata only -------------------------------------------------------
st=$(admin PATCH /api/v1/hub/settings '{"keep_packages":false}')
is "an admin switches to metadata-only logging" "$st:$(body | jq -r .keep_packages)" "200:false"
mkdoc "$T/m.xml" $TN 9 $NA
sign tn "$T/m.xml" "$T/m.edxml"
send "$KTN" "$T/m.edxml" >/dev/null
IDM=$(body | jq -r .id)
kept() {
	sqlite3 "$T/hub/congso.db" "SELECT count(*) FROM blobs WHERE hash = '$(sha "$T/m.edxml")'"
}
is "  ... the package is stored while it waits" "$(kept)" 1
member "$KNA" POST "/api/v1/hub/packages/$IDM/ack" '{"status":"done"}' >/dev/null
is "  ... and dropped once delivered" "$(kept)" 0
st=$(member "$KNA" GET "/api/v1/hub/packages/$IDM")
is "  ... fetching it again answers 410" "$st:$(body | jq -r .error.code)" "410:gone"
st=$(admin GET "/api/v1/hub/log?sha256=$(sha "$T/m.edxml")")
is "  ... the log row stays" "$(body | jq -r '.items[0] | [.outcome, .kept, .deliveries[0].state] | join("|")')" "accepted|false|delivered"

# ---- editing a member ----------------------------------------------------
st=$(admin PATCH "/api/v1/hub/members/$NAID" '{"new_key":true}')
is "an admin issues a member a new key (200, shown once)" "$st:$(body | jq -r '.key | length')" "200:44"
NEWKEY=$(body | jq -r .key)
st=$(member "$KNA" GET /api/v1/hub/packages)
is "  ... the old key stops working" "$st" 401
KNA=$NEWKEY
st=$(member "$KNA" GET /api/v1/hub/packages)
is "  ... the new one works" "$st" 200
st=$(admin PATCH "/api/v1/hub/members/$NAID" '{"codes":["H41","H55"]}')
is "  ... codes of another member: 409" "$st:$(body | jq -r .error.code)" "409:code_taken"
st=$(admin PATCH "/api/v1/hub/members/$NAID" "{\"url\":\"$PUSH\"}")
is "a pull member becomes a push member" "$st:$(body | jq -r .mode)" "200:push"
n=0
while [ "$(q "SELECT state FROM hub_deliveries WHERE message_id = $ID2 AND member_id = $NAID")" = waiting ] && [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done
is "  ... what waited in its list is pushed to it" \
    "$(q "SELECT mode || ':' || state FROM hub_deliveries WHERE message_id = $ID2 AND member_id = $NAID")" "push:delivered"
is "  ... the receiver had it already: still registered once" \
    "$(grep -c "$(sha "$T/d2.edxml")" "$T/push/registered")" 1
st=$(admin PATCH "/api/v1/hub/members/$NAID" '{"url":null,"name":"QLVB tỉnh Nghệ An"}')
is "  ... and back to pull, renamed" "$st:$(body | jq -r .mode):$(body | jq -r .name)" "200:pull:QLVB tỉnh Nghệ An"
st=$(admin PATCH /api/v1/hub/members/9999 '{"name":"x"}')
is "  ... a member that does not exist: 404" "$st" 404

# ---- removing a member ---------------------------------------------------
st=$(admin DELETE "/api/v1/hub/members/$NAID")
is "an admin removes a member" "$st" 200
st=$(member "$KNA" GET /api/v1/hub/packages)
is "  ... its key stops working" "$st" 401
is "  ... what waited for it fails" "$(q "SELECT count(*) FROM hub_deliveries WHERE member_id = $NAID AND state = 'waiting'")" 0
st=$(send "$KTN" "$T/d1.edxml")
is "  ... a package already accepted is still a duplicate" "$st:$(body | jq -r .duplicate)" "200:true"

check "the audit chain holds the member changes" "$CONGSO" audit verify --data "$T/hub"
has "  ... member.add and member.remove were recorded" \
    "$("$CONGSO" audit list --data "$T/hub" --limit 50)" "hub.member.remove"

kill "$PUSH_PID" 2>/dev/null
wait "$PUSH_PID" 2>/dev/null
finish
