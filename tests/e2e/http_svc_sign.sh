#!/bin/sh
# End to end over HTTP: the signed result of a fully online dossier. A
# citizen (signed in with the code that arrives at Postfix's smtp-sink)
# applies for a fully online district procedure; the one-stop officer
# receives and transfers it, the specialist processes it and attaches the
# PDF result, the leader approves it, which opens a signing request of the
# sign module for the leader; a small client plays the signing tool the
# way tests/e2e/http_sign_flow.sh does (fetch the PDF from the one-time
# URL, sign it with the leader's key in a SoftHSM token, upload it back);
# the citizen downloads the result and pdfsig reports a valid signature.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/../fixtures/pdf" && pwd)
PW=ThaiNguyen@2026

MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && MODULE=$m && break
done
if [ -z "$MODULE" ] || ! command -v softhsm2-util >/dev/null ||
    ! command -v pkcs11-tool >/dev/null || ! command -v pdfsig >/dev/null; then
	not_ok "SoftHSM2, OpenSC and poppler-utils are installed (make deps)"
	finish
	exit 1
fi

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
start_server "$T/d" || exit 1
TOKEN=$(token admin $PW)
if [ "$(api GET /api/v1/procedures)" = 404 ]; then
	echo "# skip: the services module is not wired into congso serve"
	finish
	exit $?
fi
if [ ! -x /usr/sbin/smtp-sink ]; then
	echo "# skip: /usr/sbin/smtp-sink missing (Debian package postfix)"
	finish
	exit $?
fi
. "$(dirname "$0")/svc_mail.inc"
sink_start
trap 'sink_stop' EXIT
st=$(api PUT /api/v1/services/settings "{\"smtp.host\":\"127.0.0.1\",\"smtp.port\":\"$SMTP_PORT\",\"smtp.from\":\"motcua@thainguyen.gov.vn\",\"services.cutoff\":\"00:00\"}")
is "the admin sets the SMTP server (200)" "$st" 200
PROC='[{"code":"9.990101","name":"Cấp giấy phép ký số thử nghiệm","field":"Thử nghiệm","level":"district","agency":"UBND cấp huyện","mode":"full","days":3,"fee":0,"result":"Giấy phép","legal_basis":"Quyết định thử nghiệm","components":[{"name":"Đơn đề nghị","originals":1,"copies":0}],"form":[{"name":"ho_ten","label":"Họ và tên","type":"text","required":true,"max":100},{"name":"don","label":"Đơn đề nghị","type":"file","required":true}]}]'
is "the admin imports a fully online procedure" "$(api POST /api/v1/procedures "$PROC"):$(body | jq .created)" "200:1"
api GET "/api/v1/units?q=UBND%20huy%E1%BB%87n%20%C4%90%E1%BB%93ng%20H%E1%BB%B7&limit=5" >/dev/null
DH=$(body | jq '[.items[] | select(.name == "UBND huyện Đồng Hỷ")][0].id')
api GET "/api/v1/units?q=S%E1%BB%9F%20Th%C3%B4ng%20tin&limit=5" >/dev/null
STTTT=$(body | jq '[.items[] | select(.name == "Sở Thông tin và Truyền thông")][0].id')

# --- the leader's certificate and token ----------------------------------
cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 3650 -subj "/CN=Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout ld.key \
    -subj "/CN=Lãnh đạo Sở TTTT" -utf8 -out ld.csr 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext.cnf
openssl x509 -req -in ld.csr -CA root.pem -CAkey root.key -set_serial 1001 \
    -days 365 -extfile ext.cnf -out ld.pem 2>/dev/null
mkdir -p hsm/tokens
echo "directories.tokendir = $T/hsm/tokens" >hsm/softhsm2.conf
export SOFTHSM2_CONF=$T/hsm/softhsm2.conf
softhsm2-util --init-token --free --label t --pin 1234 --so-pin 5678 \
    >/dev/null 2>&1
openssl pkcs8 -topk8 -nocrypt -in ld.key -outform DER -out ld.p8
pkcs11-tool --module "$MODULE" --token-label t --login --pin 1234 \
    --write-object ld.p8 --type privkey --label ldkey --id 01 >/dev/null 2>&1
check "the leader's key is in the token" test -s ld.pem
web_login admin "$PW" admin.jar >/dev/null
curl -s -b admin.jar -F "_csrf=$(csrf admin.jar)" -F "file=@root.pem" \
    "$BASE/quan-tri/kho-chung-thu" >/dev/null
LD=$(token lanhdao $PW)
TOKEN=$LD
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@ld.pem" "$BASE/api/v1/sign/certs")
is "the leader registers the certificate of their token (201)" "$st" 201

# --- the citizen applies --------------------------------------------------
TOKEN=
api POST /api/v1/citizens/code '{"email":"mai.do@example.vn"}' >/dev/null
CODE=$(mail_to mai.do@example.vn "Mã xác thực" | sed -n 's/^ *\([0-9]\{6\}\) *$/\1/p' | head -n 1)
is "the sign-in code arrives" "${#CODE}" 6
api POST /api/v1/citizens/session "{\"email\":\"mai.do@example.vn\",\"code\":\"$CODE\",\"full_name\":\"Đỗ Thị Mai\"}" >/dev/null
MAI=$(body | jq -r .token)
TOKEN=$MAI
api POST /api/v1/citizen/dossiers "{\"procedure\":\"9.990101\",\"unit_id\":$DH,\"applicant_name\":\"Đỗ Thị Mai\",\"applicant_phone\":\"0912000111\",\"values\":{\"ho_ten\":\"Đỗ Thị Mai\"}}" >/dev/null
ID=$(body | jq .id)
printf '%%PDF-1.4\n%% don de nghi\n%%%%EOF\n' >don.pdf
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "don=@don.pdf;filename=don.pdf" "$BASE/api/v1/citizen/dossiers/$ID/files")
is "the citizen attaches the application (201)" "$st" 201
is "  ... and submits (200)" "$(api POST /api/v1/citizen/dossiers/$ID/submit)" 200
CODE1=$(body | jq -r .code)

# --- the back office ------------------------------------------------------
TOKEN=$(token motcua $PW)
is "the officer receives it" "$(api POST /api/v1/services/dossiers/$ID/receive):$(body | jq -r .state)" "200:received"
is "  ... and transfers it to Sở TTTT" "$(api POST /api/v1/services/dossiers/$ID/transfer "{\"to_unit\":$STTTT}"):$(body | jq -r .state)" "200:transferred"
TOKEN=$(token chuyenvien $PW)
is "the specialist processes it" "$(api POST /api/v1/services/dossiers/$ID/process '{"result":"Giấy phép số 15/GP-STTTT"}'):$(body | jq -r .state)" "200:processing"
sh "$FIX/mkpdf.sh" ketqua.pdf plain
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@ketqua.pdf;filename=giay-phep.pdf" "$BASE/api/v1/services/dossiers/$ID/result")
is "  ... and attaches the PDF result (201)" "$st" 201
TOKEN=$LD
is "the leader approves (200)" "$(api POST /api/v1/services/dossiers/$ID/approve):$(body | jq -r .state)" "200:approved"
api GET /api/v1/sign/requests >/dev/null
REQ=$(body | jq '[.requests[] | select(.owner.kind == "svc.result" and .state == "open")][0].id')
check "  ... which opens a signing request for the leader" test "$REQ" -gt 0
st=$(api POST /api/v1/sign/requests/$REQ/token)
URL=$(body | jq -r .file_url)
is "the leader gets the signing tool's one-time URL" "$st" 200
case $URL in
"$BASE"/ky-so/tep/*) ok "  ... on this server" ;;
*) not_ok "  ... on this server" "$URL" ;;
esac

# --- the signing tool -----------------------------------------------------
is "the tool fetches the PDF (200)" "$(curl -s -o tosign.pdf -w '%{http_code}' "$URL")" 200
check "  ... which is the result" cmp -s tosign.pdf ketqua.pdf
CONGSO_PIN=1234 "$CONGSO" pdf sign --pkcs11-module "$MODULE" \
    --key "pkcs11:token=t;object=ldkey" --cert ld.pem --role leader \
    tosign.pdf signed.pdf >/dev/null 2>&1
check "  ... signs it with the leader's token key" test -s signed.pdf
st=$(curl -s -o "$T/sent" -w '%{http_code}' \
    -F "file=@signed.pdf;type=application/pdf" "$URL")
is "  ... and uploads it back (200)" "$st" 200
TOKEN=$LD
api GET /api/v1/sign/requests/$REQ >/dev/null
is "the request is signed" "$(body | jq -r .state)" signed

# --- the citizen downloads the signed result -----------------------------
TOKEN=$(token motcua $PW)
is "the officer returns the result" "$(api POST /api/v1/services/dossiers/$ID/return):$(body | jq -r .state)" "200:returned"
api GET /api/v1/services/dossiers/$ID >/dev/null
has "the history records the signature" "$(body | jq -r '[.history[].action] | join(",")')" "sign_request,signed"
TOKEN=$MAI
api GET /api/v1/citizen/dossiers/$ID >/dev/null
RF=$(body | jq '[.files[] | select(.round == 2)][0].id')
curl -s -o got.pdf -H "Authorization: Bearer $MAI" "$BASE/api/v1/citizen/dossier-files/$RF"
check "the citizen downloads the signed PDF" cmp -s got.pdf signed.pdf
out=$(pdfsig got.pdf 2>&1)
has "pdfsig finds the leader's signature" "$out" "Lãnh đạo Sở TTTT"
has "  ... and reports it valid" "$out" "Signature is Valid"
TOKEN=
api GET "/api/v1/dossiers/$CODE1" >/dev/null
is "public tracking shows it returned" "$(body | jq -r .state)" returned
finish
