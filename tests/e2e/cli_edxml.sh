#!/bin/sh
# cli_edxml.sh - `congso edxml show|verify|sign` judged by an outside
# tool: xmlsec1 verifies the packages congso signs (RSA, ECDSA, a key in
# SoftHSM) and refuses them after one byte of the header or of an
# attachment changes; congso verifies packages xmlsec1 signed from a
# template. The samples of tests/data/edxml are shown with their header
# fields; bad input fails with a Vietnamese message and the right exit
# status; a package with a 100 MB attachment is signed and verified in
# bounded memory (max RSS printed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/test_ca.inc"
DATA=$(cd "$(dirname "$0")/../data/edxml" && pwd)

if ! "$CONGSO" help edxml >/dev/null 2>&1; then
	echo "# congso edxml is not wired into main.c yet: skipped"
	finish
	exit 0
fi
for tool in xmlsec1 openssl jq python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		not_ok "$tool is installed (make deps)"
		finish
		exit 1
	fi
done
cd "$T" || exit 1

# ---- a test CA, signers, an expired one, another root ----------------
mktestca
mkroot other "Other Root CA"
mkcert leader rsa "/CN=Nguyễn Văn An/O=UBND tỉnh Thái Nguyên" \
    digitalSignature,nonRepudiation
mkcert seal ec "/CN=UBND tỉnh Thái Nguyên/O=UBND tỉnh Thái Nguyên" \
    digitalSignature,nonRepudiation
mkcert old rsa "/CN=Hết hạn" digitalSignature,nonRepudiation \
    20200101000000Z 20210101000000Z
check "the test certificates were made" test -s leader.pem -a -s seal.pem \
    -a -s old.pem

xverify() {
	xmlsec1 --verify --trusted-pem root.pem --enabled-reference-uris empty \
	    "$1" >/dev/null 2>&1
}

# ---- show: the samples' header fields ---------------------------------
j=$("$CONGSO" edxml show "$DATA/sdk_document.edxml")
is "show: exit 0 on the SDK-style document" "$?" 0
is "show: sender" "$(printf '%s' "$j" | jq -r .from.organ_id)" "000.00.00.H55"
is "show: receivers" "$(printf '%s' "$j" | jq -r '[.to[].organ_id]|join(" ")')" \
    "000.00.00.G22 000.00.12.H55"
is "show: number and notation" \
    "$(printf '%s' "$j" | jq -r '.code.number + "/" + .code.notation')" \
    "125/UBND-VP"
is "show: subject" "$(printf '%s' "$j" | jq -r .subject)" \
    "V/v triển khai liên thông văn bản điện tử năm 2027"
is "show: signer" "$(printf '%s' "$j" | jq -r .signer.full_name)" "Nguyễn Văn An"
is "show: document id" "$(printf '%s' "$j" | jq -r .document_id)" \
    "000.00.00.H55,2026/11/20,125/UBND-VP"
is "show: trace" "$(printf '%s' "$j" | jq -r '.trace[0].timestamp')" \
    "2026/11/20 09:15:00"
is "show: business type" "$(printf '%s' "$j" | jq -r .business.type)" 0
want=$(printf 'Văn bản thử nghiệm.\n' | sha256sum | cut -d' ' -f1)
is "show: attachment sha256" \
    "$(printf '%s' "$j" | jq -r '.attachments[0].sha256')" "$want"
is "show: attachment size and name" \
    "$(printf '%s' "$j" | jq -r '.attachments[0] | "\(.size) \(.name)"')" \
    "27 125-UBND-VP.txt"
j=$("$CONGSO" edxml show "$DATA/plain_document.edxml")
is "show: unprefixed package, other case and order" \
    "$(printf '%s' "$j" | jq -r '"\(.from.organ_id) \(.code.number) \(.business.type) \(.attachments[0].size)"')" \
    "vxp.saas.03 7 2 102"
j=$("$CONGSO" edxml show "$DATA/sdk_status.edxml")
is "show: status package" \
    "$(printf '%s' "$j" | jq -r '"\(.kind) \(.status_code) \(.from.organ_id) \(.response_for.code)"')" \
    "status 03 000.00.00.G22 125/UBND-VP"

# ---- congso signs, xmlsec1 judges -----------------------------------
"$CONGSO" edxml sign --key leader.key --cert leader.pem \
    "$DATA/sdk_document.edxml" doc-rsa.edxml >/dev/null 2>&1
is "sign: RSA key, exit 0" "$?" 0
check "xmlsec1 accepts congso's RSA signature" xverify doc-rsa.edxml
check "congso verify accepts it" "$CONGSO" edxml verify --trust root.pem \
    doc-rsa.edxml
v=$("$CONGSO" edxml verify --trust root.pem doc-rsa.edxml)
has "verify names the signer" "$v" "Nguyễn Văn An"
"$CONGSO" edxml sign --key seal.key --cert seal.pem \
    "$DATA/sdk_status.edxml" status-ec.edxml >/dev/null 2>&1
is "sign: ECDSA key, status package" "$?" 0
check "xmlsec1 accepts congso's ECDSA signature" xverify status-ec.edxml
"$CONGSO" edxml sign --key seal.key --cert seal.pem \
    "$DATA/plain_document.edxml" plain-ec.edxml >/dev/null 2>&1
check "xmlsec1 accepts the signed unprefixed package" xverify plain-ec.edxml
"$CONGSO" edxml sign --key leader.key --cert leader.pem status-ec.edxml \
    status-re.edxml >/dev/null 2>&1
is "re-signing replaces the signature" \
    "$(grep -c '<SignatureValue>' status-re.edxml)" 1
check "xmlsec1 accepts the re-signed package" xverify status-re.edxml

# A signer under an intermediate CA: --chain puts it in KeyInfo.
openssl req -new -newkey rsa:2048 -nodes -keyout int.key \
    -subj "/CN=Intermediate CA" -out int.csr 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' \
    >int.ext
openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial \
    -days 365 -out int.pem -extfile int.ext 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key \
    -subj "/CN=Lê Thị Hoa" -out leaf.csr 2>/dev/null
printf 'keyUsage=critical,digitalSignature\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial \
    -days 365 -out leaf.pem -extfile leaf.ext 2>/dev/null
"$CONGSO" edxml sign --key leaf.key --cert leaf.pem --chain int.pem \
    "$DATA/sdk_status.edxml" chain.edxml >/dev/null 2>&1
check "xmlsec1 accepts a signature with its chain" xverify chain.edxml
check "congso verify builds the chain from KeyInfo" "$CONGSO" edxml verify \
    --trust root.pem chain.edxml
"$CONGSO" edxml sign --key leaf.key --cert leaf.pem \
    "$DATA/sdk_status.edxml" nochain.edxml >/dev/null 2>&1
"$CONGSO" edxml verify --trust root.pem nochain.edxml >/dev/null 2>&1
is "without --chain the intermediate is missing: exit 1" "$?" 1

# One byte of the Subject, one base64 character of the attachment.
sed 's/V\/v triển khai/V\/v triển khaj/' doc-rsa.edxml >bad-subject.edxml
sed 's/VsSDbiBi4bqjbiB0aOG7rSBuZ2hp4buHbS4K/VsSDbiBi4bqjbiB0aOG7rSBuZ2hp4buHbS4L/' \
    doc-rsa.edxml >bad-att.edxml
check "the tampered copies differ" test "$(cmp doc-rsa.edxml bad-subject.edxml \
    2>&1 | wc -l)" -eq 1 -a "$(cmp doc-rsa.edxml bad-att.edxml | wc -l)" -eq 1
for f in bad-subject bad-att; do
	if xverify $f.edxml; then
		not_ok "$f: xmlsec1 refuses it"
	else
		ok "$f: xmlsec1 refuses it"
	fi
	v=$("$CONGSO" edxml verify --trust root.pem $f.edxml)
	is "$f: congso verify exits 1" "$?" 1
	has "$f: congso says it was changed" "$v" "KHÔNG nguyên vẹn"
done

# ---- xmlsec1 signs, congso judges -----------------------------------
tmpl() {	# tmpl SIGMETHOD DIGEST IN AFTER OUT
	sig="<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo><CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/><SignatureMethod Algorithm=\"$1\"/><Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms><DigestMethod Algorithm=\"$2\"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>"
	awk -v s="$sig" -v a="$4" '{ print } index($0, a) { print s }' "$3" >"$5"
}
tmpl http://www.w3.org/2001/04/xmldsig-more#rsa-sha256 \
    http://www.w3.org/2001/04/xmlenc#sha256 "$DATA/sdk_document.edxml" \
    '</edXML:TraceHeaderList>' t-rsa.xml
xmlsec1 --sign --privkey-pem leader.key,leader.pem \
    --enabled-reference-uris empty --output x-rsa.edxml t-rsa.xml 2>/dev/null
check "xmlsec1 signed a document package (RSA-SHA256)" xverify x-rsa.edxml
check "congso verify accepts xmlsec1's RSA signature" "$CONGSO" edxml verify \
    --trust root.pem x-rsa.edxml
tmpl http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256 \
    http://www.w3.org/2001/04/xmlenc#sha256 "$DATA/sdk_status.edxml" \
    '</edXML:Status>' t-ec.xml
xmlsec1 --sign --privkey-pem seal.key,seal.pem \
    --enabled-reference-uris empty --output x-ec.edxml t-ec.xml 2>/dev/null
check "congso verify accepts xmlsec1's ECDSA signature" "$CONGSO" edxml verify \
    --trust root.pem x-ec.edxml
tmpl http://www.w3.org/2000/09/xmldsig#rsa-sha1 \
    http://www.w3.org/2000/09/xmldsig#sha1 "$DATA/plain_document.edxml" \
    '</TraceHeaderList>' t-sha1.xml
xmlsec1 --sign --privkey-pem leader.key,leader.pem \
    --enabled-reference-uris empty --output x-sha1.edxml t-sha1.xml 2>/dev/null
check "congso verify accepts an RSA-SHA1 signature of an older system" \
    "$CONGSO" edxml verify --trust root.pem x-sha1.edxml

# Exclusive canonicalization (SignedInfo and the reference), as some
# Java systems sign.
sed 's|http://www.w3.org/TR/2001/REC-xml-c14n-20010315|http://www.w3.org/2001/10/xml-exc-c14n#|; s|enveloped-signature"/>|enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>|' \
    t-rsa.xml >t-exc.xml
xmlsec1 --sign --privkey-pem leader.key,leader.pem \
    --enabled-reference-uris empty --output x-exc.edxml t-exc.xml 2>/dev/null
check "xmlsec1 signed with Exclusive C14N" grep -q xml-exc-c14n x-exc.edxml
check "congso verify accepts an Exclusive C14N signature" "$CONGSO" edxml \
    verify --trust root.pem x-exc.edxml
sed 's/V\/v triển khai/V\/v triển khaj/' x-exc.edxml >x-exc-bad.edxml
"$CONGSO" edxml verify --trust root.pem x-exc-bad.edxml >/dev/null 2>&1
is "  ... and refuses it after a change of the Subject" "$?" 1

# ---- a key in SoftHSM --------------------------------------------------
MODULE=
for m in /usr/lib/softhsm/libsofthsm2.so \
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && MODULE=$m && break
done
if [ -n "$MODULE" ] && command -v softhsm2-util >/dev/null &&
    command -v pkcs11-tool >/dev/null; then
	mkdir -p hsm/tokens
	echo "directories.tokendir = $T/hsm/tokens" >hsm/softhsm2.conf
	export SOFTHSM2_CONF=$T/hsm/softhsm2.conf
	softhsm2-util --init-token --free --label t --pin 1234 \
	    --so-pin 5678 >/dev/null 2>&1
	openssl pkcs8 -topk8 -nocrypt -in seal.key -outform DER -out seal.p8
	pkcs11-tool --module "$MODULE" --token-label t --login --pin 1234 \
	    --write-object seal.p8 --type privkey --label sealkey --id 01 \
	    >/dev/null 2>&1
	"$CONGSO" edxml sign --key "pkcs11:token=t;object=sealkey;pin-value=1234" \
	    --pkcs11-module "$MODULE" --cert seal.pem "$DATA/sdk_document.edxml" \
	    hsm.edxml >/dev/null 2>&1
	is "sign: an ECDSA key in SoftHSM" "$?" 0
	check "xmlsec1 accepts the token's signature" xverify hsm.edxml
	out=$("$CONGSO" edxml sign --key "pkcs11:token=t;object=sealkey;pin-value=1234" \
	    --pkcs11-module "$MODULE" --cert leader.pem "$DATA/sdk_document.edxml" \
	    hsm-bad.edxml 2>&1)
	is "a token key that is not the certificate's fails" "$?" 1
	has "  ... saying so" "$out" "không cùng cặp"
	check "  ... leaving no output" test ! -e hsm-bad.edxml
else
	not_ok "SoftHSM2 and OpenSC are installed (make deps)"
fi

# ---- bad input -----------------------------------------------------------
# bad_show DESC WANT_EXIT WANT_TEXT FILE
bad_show() {
	out=$("$CONGSO" edxml show "$4" 2>&1)
	is "$1: exit $2" "$?" "$2"
	has "$1: message" "$out" "$3"
}
printf 'hello, not xml' >notxml.edxml
bad_show "not XML" 2 "không phải XML hợp lệ" notxml.edxml
printf '<?xml version="1.0"?><html><body/></html>' >html.edxml
bad_show "not edXML" 2 "không phải gói edXML" html.edxml
sed '/<edXML:Subject>/d' "$DATA/sdk_document.edxml" >nosubject.edxml
bad_show "missing Subject" 2 "thiếu trích yếu (Subject)" nosubject.edxml
long=$(awk 'BEGIN { for (i = 0; i < 501; i++) printf "ệ" }')
sed "s|<edXML:Subject>[^<]*<|<edXML:Subject>$long<|" \
    "$DATA/sdk_document.edxml" >long.edxml
bad_show "Subject of 501 characters" 2 "dài 501 ký tự" long.edxml
sed "s|<edXML:Subject>[^<]*<|<edXML:Subject>$(printf '%s' "$long" | cut -c4-)<|" \
    "$DATA/sdk_document.edxml" >long500.edxml
check "Subject of 500 characters is accepted" "$CONGSO" edxml show long500.edxml
sed 's|000.00.12.H55|000.00.00.G22|' "$DATA/sdk_document.edxml" >dup.edxml
bad_show "duplicate receiver" 2 "có hai lần" dup.edxml
printf '<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>' \
    >xxe.edxml
bad_show "a DOCTYPE with an external entity" 2 "DOCTYPE" xxe.edxml

out=$("$CONGSO" edxml sign --key old.key --cert old.pem \
    "$DATA/sdk_document.edxml" old.edxml 2>&1)
is "expired certificate: sign exits 1" "$?" 1
has "expired certificate: message" "$out" "hết hạn"
check "expired certificate: no output file" test ! -e old.edxml
out=$("$CONGSO" edxml sign --key leader.key --cert leader.pem notxml.edxml \
    nx.edxml 2>&1)
is "signing a file that is not XML exits 1" "$?" 1
check "  ... leaving no output" test ! -e nx.edxml
check "  ... and no temporary file" test -z "$(ls | grep 'nx.edxml.tmp')"
v=$("$CONGSO" edxml verify --trust other.pem doc-rsa.edxml)
is "untrusted root: verify exits 1" "$?" 1
has "untrusted root: message" "$v" "không dẫn tới gốc tin cậy"
v=$("$CONGSO" edxml verify --trust root.pem "$DATA/sdk_status.edxml")
is "an unsigned package: verify exits 1" "$?" 1
has "an unsigned package: message" "$v" "không có chữ ký"
"$CONGSO" edxml verify --trust root.pem notxml.edxml >/dev/null 2>&1
is "verify of a file that is not a package exits 2" "$?" 2
"$CONGSO" edxml sign --key leader.key doc.edxml >/dev/null 2>&1
is "sign without --cert exits 2" "$?" 2
has "help lists the commands" "$("$CONGSO" edxml --help)" "congso edxml verify"
has "congso help lists edxml" "$("$CONGSO" help)" "edxml"

# ---- a 100 MB attachment, in bounded memory -------------------------------
head -c 100000000 /dev/urandom >big.bin
{
	sed -n '1,/<ContentTransferEncoded>/p' "$DATA/sdk_document.edxml" | sed '$d'
	echo '      <ContentTransferEncoded>'
	base64 -w 76 big.bin
	echo '      </ContentTransferEncoded>'
	sed -n '/<AttachmentName>125-UBND-VP.txt<\/AttachmentName>$/,$p' \
	    "$DATA/sdk_document.edxml" | sed '/<edXML:AttachmentName>/d'
} >big.edxml
# maxrss CMD...: run CMD (output dropped); print its exit status and the
# maximum resident set size in kB, as getrusage(2) measures it.
maxrss() {
	python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL).returncode
print(r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
set -- $(maxrss "$CONGSO" edxml sign --key leader.key --cert leader.pem \
    big.edxml big-signed.edxml)
is "100 MB: signed" "$1" 0
s=$2
set -- $(maxrss "$CONGSO" edxml verify --trust root.pem big-signed.edxml)
is "100 MB: verified" "$1" 0
v=$2
echo "# max RSS: sign ${s} kB, verify ${v} kB (100 MB attachment)"
check "100 MB: signing stays under 100 MB of memory" test "$s" -lt 102400
check "100 MB: verifying stays under 100 MB of memory" test "$v" -lt 102400
check "xmlsec1 accepts the 100 MB package" xverify big-signed.edxml
h=$("$CONGSO" edxml show big-signed.edxml | jq -r '.attachments[0].sha256')
is "100 MB: the attachment reads back whole" "$h" \
    "$(sha256sum big.bin | cut -d' ' -f1)"
rm -f big.bin big.edxml big-signed.edxml

# A certificate in KeyInfo whose public key does not decode (found by
# tests/fuzz/fuzz_edxml_verify.c): refused with a reason, no crash.
"$CONGSO" edxml verify "$DATA/cert_key_broken.edxml" >out.txt 2>&1
is "a certificate without a usable key: exit 1, not a crash" "$?" 1
has "  ... and the reason is given" "$(cat out.txt)" "KHÔNG nguyên vẹn"

finish
