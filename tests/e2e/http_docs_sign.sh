#!/bin/sh
# http_docs_sign.sh - signatures on a document's PDF attachment, as
# Nghị định 30/2020 lays them out: a specialist of Sở TTTT drafts a
# Quyết định with its PDF, the leader approves it and signs it on their
# own PC (the signing tool fetches the one-time URL, signs with the
# leader's key, uploads it back), the clerk issues it and applies the
# body's seal signature the same way. Checked: the signed PDF becomes the
# attachment's file, the verification view (page and JSON) shows both
# signatures intact and trusted, pdfsig agrees, and the rules refuse a
# specialist, a seal before issue, and a file that is not a PDF.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/../fixtures/pdf" && pwd)
PW=ThaiNguyen@2026
cd "$T" || exit 1

"$CONGSO" init --data d --demo thai-nguyen >/dev/null 2>&1
start_server d || exit 1

# ---- a CA, the leader's and the clerk's certificates -------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem \
    -days 3650 -subj "/CN=Test Root CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext.cnf
n=1
for who in lanhdao vanthu; do
	openssl req -new -newkey rsa:2048 -nodes -keyout $who.key -utf8 \
	    -subj "/CN=Người ký $who" -out $who.csr 2>/dev/null
	openssl x509 -req -in $who.csr -CA root.pem -CAkey root.key \
	    -set_serial $((2000 + n)) -days 365 -extfile ext.cnf \
	    -out $who.pem 2>/dev/null
	n=$((n + 1))
done
check "the certificates were made" test -s lanhdao.pem -a -s vanthu.pem

web_login admin "$PW" admin.jar >/dev/null
curl -s -b admin.jar -F "_csrf=$(csrf admin.jar)" -F "file=@root.pem" \
    "$BASE/quan-tri/kho-chung-thu" >/dev/null
for who in lanhdao vanthu; do
	TOKEN=$(token $who "$PW")
	code=$(curl -s -o "$T/body" -w '%{http_code}' \
	    -H "Authorization: Bearer $TOKEN" -F "file=@$who.pem" \
	    "$BASE/api/v1/sign/certs")
	is "$who registers the certificate of their token" "$code" 201
done
CV=$(token chuyenvien "$PW"); LD=$(token lanhdao "$PW")
VT=$(token vanthu "$PW")
as() { TOKEN=$1; }

# ---- a draft with its PDF, in review -----------------------------------
sh "$FIX/mkpdf.sh" qd.pdf
printf 'not a pdf\n' >note.txt
as "$CV"
api POST /api/v1/documents '{"type":"QĐ","summary":"Quyết định ban hành Quy chế sử dụng chữ ký số","recipients":[]}' >/dev/null
DOC=$(body | jq .id)
code=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@qd.pdf;type=application/pdf" "$BASE/api/v1/documents/$DOC/files")
is "the specialist attaches the PDF (201)" "$code" 201
FID=$(body | jq .id)
api POST /api/v1/documents/$DOC/submit >/dev/null

is "a specialist cannot ask for a signature (403)" \
    "$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"leader"}')" 403
st=$(api GET /api/v1/document-files/$FID/signatures)
is "an unsigned PDF has a verification view (200)" "$st" 200
is "with no signature" "$(body | jq .count)" 0

# ---- the leader signs on their own PC -----------------------------------
as "$LD"
is "the leader approves (200)" "$(api POST /api/v1/documents/$DOC/approve)" 200
is "the seal cannot come before the issue (403: not a clerk)" \
    "$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"seal"}')" 403
is "a role must be named (422)" \
    "$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"x"}')" 422
st=$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"leader"}')
is "the leader asks to sign the approved PDF (201)" "$st" 201
URL=$BASE$(body | jq -r .tool_url)
code=$(curl -s -o tosign.pdf -w '%{http_code}' "$URL")
is "the signing tool fetches the PDF" "$code" 200
"$CONGSO" pdf sign --key lanhdao.key --cert lanhdao.pem --role leader \
    --image "$FIX/hand.png" tosign.pdf leader.pdf >/dev/null 2>&1
is "the tool signs it with the leader's key" "$?" 0
code=$(curl -s -o "$T/body" -w '%{http_code}' -X PUT \
    -H 'Content-Type: application/pdf' --data-binary @leader.pdf "$URL")
is "the tool uploads the signed PDF (200)" "$code" 200

st=$(api GET /api/v1/document-files/$FID/signatures)
is "the attachment now carries one signature" "$(body | jq .count)" 1
is "intact and trusted" "$(body | jq .valid)" true
has "signed by the leader" "$(body | jq -r '.signatures[0].signer')" "lanhdao"
curl -s -H "Authorization: Bearer $TOKEN" -o got.pdf \
    "$BASE/api/v1/document-files/$FID"
check "the stored file is the signed one" cmp -s got.pdf leader.pdf

# ---- the clerk issues and applies the body's signature -------------------
as "$VT"
is "the clerk cannot seal before issuing (409)" \
    "$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"seal"}')" 409
is "the clerk issues (200)" "$(api POST /api/v1/documents/$DOC/issue)" 200
st=$(api POST /api/v1/document-files/$FID/sign-requests '{"role":"seal"}')
is "the clerk asks for the body's signature (201)" "$st" 201
URL=$BASE$(body | jq -r .tool_url)
curl -s -o tosign2.pdf "$URL"
"$CONGSO" pdf sign --key vanthu.key --cert vanthu.pem --role seal \
    --image "$FIX/seal.png" tosign2.pdf sealed.pdf >/dev/null 2>&1
is "the tool applies the seal signature" "$?" 0
code=$(curl -s -o "$T/body" -w '%{http_code}' -X PUT \
    -H 'Content-Type: application/pdf' --data-binary @sealed.pdf "$URL")
is "the sealed PDF is accepted (200)" "$code" 200

st=$(api GET /api/v1/document-files/$FID/signatures)
is "two signatures now" "$(body | jq .count)" 2
is "both intact and trusted" "$(body | jq .valid)" true
is "the leader's covers what came after: signatures only" \
    "$(body | jq -r '.signatures[0].coverage')" "signatures"
curl -s -H "Authorization: Bearer $TOKEN" -o final.pdf \
    "$BASE/api/v1/document-files/$FID"
out=$(pdfsig final.pdf 2>&1)
is "pdfsig finds both signatures valid" \
    "$(printf '%s\n' "$out" | grep -c 'Signature is Valid')" 2

# ---- the pages -----------------------------------------------------------
web_login vanthu "$PW" vt.jar >/dev/null
page=$(curl -s -b vt.jar "$BASE/van-ban/tep/$FID/chu-ky")
has "the verification page names the signers" "$page" "Người ký lanhdao"
has "and says both are valid" "$page" "Cả 2 chữ ký đều hợp lệ"
page=$(curl -s -b vt.jar "$BASE/van-ban/$DOC")
has "the document page links to the signatures" "$page" "/van-ban/tep/$FID/chu-ky"
has "and its history shows the signing" "$page" "Đã ký số tệp"

# ---- rules ----------------------------------------------------------------
as "$CV"
api POST /api/v1/documents '{"type":"QĐ","summary":"Dự thảo có tệp văn bản","recipients":[]}' >/dev/null
DOC2=$(body | jq .id)
sh "$FIX/mkpdf.sh" p2.pdf
curl -s -o "$T/body" -H "Authorization: Bearer $TOKEN" \
    -F "file=@p2.pdf;type=application/pdf" "$BASE/api/v1/documents/$DOC2/files"
FID2=$(body | jq .id)
as "$LD"
is "a draft not yet submitted cannot be signed (409)" \
    "$(api POST /api/v1/document-files/$FID2/sign-requests '{"role":"leader"}')" 409
is "an unknown file (404)" \
    "$(api POST /api/v1/document-files/999999/sign-requests '{"role":"leader"}')" 404
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/document-files/$FID/signatures")
is "nobody signed in gets 401" "$code" 401

finish
