#!/bin/sh
# http_docs_seal.sh - the body's seal signature applied by the server
# when a document is issued, with its key in a SoftHSM token (as an HSM
# would hold it), at the places set for the document's type. An admin
# sets the seal key with `congso doc seal-key` (checked by signing with it
# first: a key file, a PIN in the URI, a wrong PIN and someone else's
# certificate are refused) and the places with `congso doc place` and
# PUT /api/v1/document-types/{id}/sign-places; the clerk issues; the job
# signs the PDF attachment: pdfsig finds the signature valid, pdftotext
# reads the number and date stamped at their place, and the signature's
# widget is where the type puts it.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/../fixtures/pdf" && pwd)
PW=ThaiNguyen@2026
cd "$T" || exit 1

MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && MODULE=$m && break
done
if [ -z "$MODULE" ] || ! command -v pkcs11-tool >/dev/null; then
	not_ok "SoftHSM2 and OpenSC are installed (make deps)"
	finish
	exit 1
fi

"$CONGSO" init --data d --demo thai-nguyen >/dev/null 2>&1

# ---- the body's certificate, its key in a token -----------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 3650 -subj "/CN=Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext.cnf
for who in seal other; do
	openssl req -new -newkey rsa:2048 -nodes -keyout $who.key -utf8 \
	    -subj "/CN=Sở Thông tin và Truyền thông $who" -out $who.csr 2>/dev/null
	openssl x509 -req -in $who.csr -CA root.pem -CAkey root.key \
	    -set_serial $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') -days 365 \
	    -extfile ext.cnf -out $who.pem 2>/dev/null
done
mkdir -p hsm/tokens
echo "directories.tokendir = $T/hsm/tokens" >hsm/softhsm2.conf
export SOFTHSM2_CONF=$T/hsm/softhsm2.conf
softhsm2-util --init-token --free --label body --pin 1234 --so-pin 5678 \
    >/dev/null 2>&1
openssl pkcs8 -topk8 -nocrypt -in seal.key -outform DER -out seal.p8
pkcs11-tool --module "$MODULE" --token-label body --login --pin 1234 \
    --write-object seal.p8 --type privkey --label sealkey --id 01 \
    >/dev/null 2>&1
URI='pkcs11:token=body;object=sealkey'
SO=$("$CONGSO" unit list --data d 2>/dev/null | awk -F '\t' '/Sở Thông tin và Truyền thông/ { print $2; exit }')
check "Sở TTTT has a code ($SO)" test -n "$SO"

# ---- congso doc seal-key: checked before it is kept ----------------------
out=$("$CONGSO" doc seal-key --data d --unit "$SO" --key seal.key \
    --pkcs11-module "$MODULE" --cert seal.pem 2>&1)
is "a key file is refused (exit 2)" "$?" 2
has "saying the key must be in a token" "$out" "token hoặc HSM"
out=$("$CONGSO" doc seal-key --data d --unit "$SO" \
    --key "$URI;pin-value=1234" --pkcs11-module "$MODULE" --cert seal.pem 2>&1)
is "a PIN in the URI is refused (exit 2)" "$?" 2
has "saying where the PIN goes" "$out" "CONGSO_PIN"
out=$(CONGSO_PIN=9999 "$CONGSO" doc seal-key --data d --unit "$SO" \
    --key "$URI" --pkcs11-module "$MODULE" --cert seal.pem 2>&1)
is "a wrong PIN is refused (exit 1)" "$?" 1
has "and named" "$out" "PIN"
out=$(CONGSO_PIN=1234 "$CONGSO" doc seal-key --data d --unit "$SO" \
    --key "$URI" --pkcs11-module "$MODULE" --cert other.pem 2>&1)
is "someone else's certificate is refused (exit 1)" "$?" 1
has "as not the key's" "$out" "không phải của khóa này"
out=$(CONGSO_PIN=1234 "$CONGSO" doc seal-key --data d --unit "$SO" \
    --key "$URI" --pkcs11-module "$MODULE" --cert seal.pem \
    --image "$FIX/seal.png" 2>&1)
is "the body's token key is kept (exit 0)" "$?" 0
is "only its reference: no PIN in the database" \
    "$(sqlite3 d/congso.db "SELECT count(*) FROM doc_seal_keys WHERE key_uri LIKE '%pin%'")" 0

# ---- places for the Quyết định --------------------------------------------
"$CONGSO" doc place --data d --type QĐ --what seal --rect 1,2,3 >/dev/null 2>&1
is "a rectangle needs four numbers (exit 2)" "$?" 2
"$CONGSO" doc place --data d --type QĐ --what seal --rect 300,100,200,200 \
    >/dev/null 2>&1
is "x2 must be right of x1 (exit 2)" "$?" 2
"$CONGSO" doc place --data d --type QĐ --what number --page 1 \
    --rect 60,700,260,720 >/dev/null 2>&1
is "the number's place is set" "$?" 0

CONGSO_PIN=1234 start_server d || exit 1
TOKEN=$(token admin "$PW")
QD=$(api GET /api/v1/document-types >/dev/null; body | jq '[.items[]? // .[] | select(.code == "QĐ")][0].id')
st=$(api PUT /api/v1/document-types/$QD/sign-places '{"leader":{"page":0,"rect":[330,120,530,210]},"date":{"page":1,"rect":[320,700,540,720]}}')
is "the admin sets the leader's and the date's places (200)" "$st" 200
is "the seal's place follows from the leader's (not set itself)" \
    "$(body | jq -c .places.seal)" null
is "the number's place set on the command line is there" \
    "$(body | jq -c .places.number.rect)" "[60,700,260,720]"
st=$(api PUT /api/v1/document-types/$QD/sign-places '{"seal":{"rect":[1,2]}}')
is "a bad rectangle is refused (422)" "$st" 422
st=$(api PUT /api/v1/document-types/$QD/sign-places '{"stamp":null}')
is "an unknown place is refused (422)" "$st" 422
st=$(api PUT /api/v1/document-types/999999/sign-places '{"seal":null}')
is "an unknown type (404)" "$st" 404
TOKEN=$(token chuyenvien "$PW")
st=$(api PUT /api/v1/document-types/$QD/sign-places '{"seal":null}')
is "a specialist cannot set places (403)" "$st" 403

# ---- the trust store, a draft with its PDF, issued -------------------------
web_login admin "$PW" admin.jar >/dev/null
curl -s -b admin.jar -F "_csrf=$(csrf admin.jar)" -F "file=@root.pem" \
    "$BASE/quan-tri/kho-chung-thu" >/dev/null
sh "$FIX/mkpdf.sh" qd.pdf
api POST /api/v1/documents '{"type":"QĐ","summary":"Quyết định về chuyển đổi số","recipients":[]}' >/dev/null
DOC=$(body | jq .id)
curl -s -o "$T/body" -H "Authorization: Bearer $TOKEN" \
    -F "file=@qd.pdf;type=application/pdf" "$BASE/api/v1/documents/$DOC/files"
FID=$(body | jq .id)
api POST /api/v1/documents/$DOC/submit >/dev/null
TOKEN=$(token lanhdao "$PW")
api POST /api/v1/documents/$DOC/approve >/dev/null
TOKEN=$(token vanthu "$PW")
is "the clerk issues (200)" "$(api POST /api/v1/documents/$DOC/issue)" 200
NOTATION=$(body | jq -r .notation)

n=0
while [ $n -lt 100 ]; do
	api GET /api/v1/document-files/$FID/signatures >/dev/null
	[ "$(body | jq .count)" = 1 ] && break
	sleep 0.2
	n=$((n + 1))
done
is "the server applies the body's signature after issue" "$(body | jq .count)" 1
is "valid and trusted" "$(body | jq .valid)" true
has "by the body's certificate" "$(body | jq -r '.signatures[0].signer')" "seal"
curl -s -H "Authorization: Bearer $TOKEN" -o final.pdf \
    "$BASE/api/v1/document-files/$FID"
is "pdfsig finds it valid" \
    "$(pdfsig -nocert final.pdf 2>/dev/null | grep -c 'Signature is Valid.')" 1
p1=$(pdftotext -f 1 -l 1 final.pdf - 2>/dev/null)
has "the number is stamped on page 1 ($NOTATION)" "$p1" "Số: $NOTATION"
has "and the date line" "$p1" "tháng"
rects=$(grep -ao '/Subtype/Stamp/NM([^)]*)/F 708/Rect\[[0-9. ]*' final.pdf |
    sed 's/.*Rect\[//' | tr '\n' ';')
has "the number is where the type puts it" "$rects" "60.00 700.00 260.00 720.00"
has "the date too" "$rects" "320.00 700.00 540.00 720.00"
# The seal, 36 mm across, centred on the left third of the leader's place
# (330..530 x 120..210): centre (396.67, 165).
w=$(grep -ao '/FT/Sig[^>]*/Rect\[[0-9. ]*\]' final.pdf | head -n 1 |
    sed 's/.*Rect\[//; s/\]//')
cx=$(printf '%s\n' "$w" | awk '{ printf "%.0f", ($1 + $3) / 2 }')
cy=$(printf '%s\n' "$w" | awk '{ printf "%.0f", ($2 + $4) / 2 }')
is "the seal overlaps the left third of the leader's place" "$cx,$cy" "397,165"
page=$(curl -s -b admin.jar "$BASE/van-ban/$DOC")
has "the history shows the seal" "$page" "Ký số của cơ quan, ghi số và ngày"
is "once: the job run again seals nothing more" \
    "$(sqlite3 d/congso.db "SELECT count(*) FROM doc_seals WHERE doc_id = $DOC")" 1

# ---- removing the key: issuing no longer signs ------------------------------
stop_server
"$CONGSO" doc seal-key --data d --unit "$SO" --remove >/dev/null 2>&1
is "the key is removed (exit 0)" "$?" 0
is "nothing kept" "$(sqlite3 d/congso.db 'SELECT count(*) FROM doc_seal_keys')" 0
finish
