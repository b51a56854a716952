#!/bin/sh
# pdf_tsa.sh - PAdES B-T: `congso pdf sign --tsa URL` asks an RFC 3161
# timestamp authority for a token over the signature value. The TSA is
# `openssl ts -reply` behind a small HTTP responder on a loopback port;
# pdfsig and `openssl ts -verify` check the result, and every way a TSA
# can answer wrongly fails the signing with a message and no output.
. "$(dirname "$0")/lib.sh"
FIX=$(cd "$(dirname "$0")/../fixtures/pdf" && pwd)

if ! "$CONGSO" help pdf >/dev/null 2>&1; then
	echo "# congso pdf is not wired into main.c yet: skipped"
	finish
	exit 0
fi
for tool in pdfsig qpdf openssl python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		not_ok "$tool is installed (make deps)"
		finish
		exit 1
	fi
done
cd "$T" || exit 1

# ---- a root, a signer, a TSA under its own root ----------------------
mkroot() {	# NAME CN
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" \
	    -out "$1.pem" -days 3650 -subj "/CN=$2" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
issue() {	# NAME CA SUBJECT EXTFILE-LINES
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$1.key" 2>/dev/null
	openssl req -utf8 -new -key "$1.key" -subj "$3" -out "$1.csr" \
	    2>/dev/null
	printf '%s\n' "$4" >"$1.ext"
	openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" \
	    -CAcreateserial -days 3650 -sha256 -extfile "$1.ext" \
	    -out "$1.pem" 2>/dev/null
}
mkroot root "Test Root CA"
mkroot tsaroot "Test TSA Root"
issue leader root "/CN=Nguyễn Văn An" \
    "keyUsage=critical,digitalSignature,nonRepudiation"
issue tsa tsaroot "/CN=Test TSA" "keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping"
check "the test certificates were made" test -s leader.pem -a -s tsa.pem

mktsacnf() {	# FILE DIGESTS
	cat >"$1" <<EOF
[tsa]
default_tsa = t
[t]
serial = $T/tsaserial
crypto_device = builtin
signer_cert = $T/tsa.pem
certs = $T/tsaroot.pem
signer_key = $T/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = $2
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF
}
mktsacnf tsa.cnf "sha256, sha384, sha512"
mktsacnf refuse.cnf "sha512"
echo 01 >tsaserial

# The responder: POST / answers with `openssl ts -reply`; other paths
# answer wrongly on purpose.
cat >tsa.py <<'EOF'
import http.server, subprocess, sys, os
d = sys.argv[1]

def reply(cnf, query):
    with open(os.path.join(d, "q.tsq"), "wb") as f:
        f.write(query)
    subprocess.run(["openssl", "ts", "-reply", "-config", cnf,
                    "-queryfile", os.path.join(d, "q.tsq"),
                    "-out", os.path.join(d, "r.tsr")],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with open(os.path.join(d, "r.tsr"), "rb") as f:
        return f.read()

class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        q = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = self.path.strip("/")
        cnf = os.path.join(d, "tsa.cnf")
        status, body = 200, b""
        if mode == "" or mode == "slow":
            body = reply(cnf, q)
        elif mode == "refuse":
            body = reply(os.path.join(d, "refuse.cnf"), q)
        elif mode == "other":
            with open(os.path.join(d, "other.tsq"), "rb") as f:
                body = reply(cnf, f.read())
        elif mode == "nonce":
            # Same imprint, another nonce.
            i = q.find(b"\x04\x20")
            dig = q[i + 2:i + 34].hex()
            subprocess.run(["openssl", "ts", "-query", "-sha256",
                            "-digest", dig, "-cert", "-out",
                            os.path.join(d, "n.tsq")], check=True)
            with open(os.path.join(d, "n.tsq"), "rb") as f:
                body = reply(cnf, f.read())
        elif mode == "garbage":
            body = b"not a timestamp"
        elif mode == "big":
            body = b"x" * (1024 * 1024)
        else:
            status = 500
        self.send_response(status)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(os.path.join(d, "port.tmp"), "w") as f:
    f.write(str(s.server_port))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
s.serve_forever()
EOF
echo "another document" >other.txt
openssl ts -query -data other.txt -sha256 -cert -out other.tsq 2>/dev/null
python3 tsa.py "$T" 2>tsa.log &
TSA_PID=$!
n=0
while [ ! -s port ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
TSA=http://127.0.0.1:$(cat port)
stop_tsa() { kill "$TSA_PID" 2>/dev/null; wait "$TSA_PID" 2>/dev/null; }
check "the test TSA answers on a loopback port" test -s port

# ---- a B-T signature --------------------------------------------------
sh "$FIX/mkpdf.sh" in.pdf plain
"$CONGSO" pdf sign --key leader.key --cert leader.pem --role leader \
    --image "$FIX/hand.png" --tsa "$TSA/" in.pdf ts.pdf >out.txt 2>&1
is "signing with --tsa succeeds" "$?" 0
p=$(pdfsig ts.pdf 2>&1)
has "pdfsig finds the signature valid" "$p" "Signature is Valid."
has "pdfsig sees a PAdES signature" "$p" "ETSI.CAdES.detached"
q=$(qpdf --check ts.pdf 2>&1)
has "qpdf --check finds no errors" "$q" "No syntax or stream encoding errors"
v=$("$CONGSO" pdf verify --trust root.pem --trust tsaroot.pem ts.pdf 2>&1)
is "congso pdf verify accepts the B-T signature" "$?" 0
has "verify reports the timestamp and its TSA" "$v" "(TSA: Test TSA)"
case $v in
*"dấu thời gian: không có"*) not_ok "the timestamp has a time" "$v" ;;
*) ok "the timestamp has a time" ;;
esac
v=$("$CONGSO" pdf verify --trust root.pem ts.pdf 2>&1)
is "a TSA outside the trusted roots makes verify fail" "$?" 1
has "verify says the timestamp is not trusted" "$v" "dấu thời gian: chứng thư không dẫn tới gốc tin cậy"

# The CMS and its token, checked by openssl.
br=$(grep -ao '/ByteRange *\[[0-9 ]*\]' ts.pdf | tail -n 1 |
    tr -dc '0-9 \n' | tr -s ' ')
set -- $br
dd if=ts.pdf of=ranges.bin bs=1 skip="$1" count="$2" 2>/dev/null
dd if=ts.pdf bs=1 skip="$3" count="$4" 2>/dev/null >>ranges.bin
dd if=ts.pdf bs=1 skip=$(($2 + 1)) count=$(($3 - $2 - 2)) \
    2>/dev/null | xxd -r -p >sig.der
check "openssl cms -verify accepts the signature" openssl cms -verify \
    -binary -inform DER -in sig.der -content ranges.bin -CAfile root.pem \
    -purpose any -out /dev/null
cms=$(openssl cms -cmsout -print -inform DER -in sig.der 2>/dev/null)
has "the CMS carries id-smime-aa-timeStampToken" "$cms" \
    "id-smime-aa-timeStampToken"
# The signature value: the last OCTET STRING before the token's
# attribute; the token: the SEQUENCE inside that attribute's SET.
a=$(openssl asn1parse -inform DER -in sig.der 2>/dev/null)
tsoff=$(printf '%s\n' "$a" | awk '/id-smime-aa-timeStampToken/ { f = 1; next }
    f && /cons: SEQUENCE/ { sub(/:.*/, ""); print $1; exit }')
sigoff=$(printf '%s\n' "$a" | awk '/OCTET STRING/ { o = $1 }
    /id-smime-aa-timeStampToken/ { sub(/:.*/, "", o); print o; exit }')
openssl asn1parse -inform DER -in sig.der -strparse "$tsoff" -noout \
    -out token.der 2>/dev/null
openssl asn1parse -inform DER -in sig.der -strparse "$sigoff" -noout \
    -out sigval.bin 2>/dev/null
check "openssl ts -verify accepts the token over the signature value" \
    openssl ts -verify -token_in -in token.der -data sigval.bin \
    -CAfile tsaroot.pem
t=$(openssl ts -reply -token_in -in token.der -text 2>/dev/null)
has "the token names the TSA's policy" "$t" "Policy OID: tsa_policy1"

# ---- a TSA that answers wrongly: no output, a clear message ----------
bad() {	# DESC WANT-IN-MESSAGE URL
	rm -f bad-out.pdf
	m=$("$CONGSO" pdf sign --key leader.key --cert leader.pem --tsa "$3" \
	    in.pdf bad-out.pdf 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ ! -e bad-out.pdf ] &&
	    ! ls bad-out.pdf.* >/dev/null 2>&1; then
		has "$1" "$m" "$2"
	else
		not_ok "$1" "exit $rc, output left: $(ls bad-out* 2>/dev/null)"
	fi
}
bad "a TSA that refuses: its status is named" "không cấp dấu thời gian (trạng thái 2" "$TSA/refuse"
bad "a token over other data: the imprint differs" "mã băm khác" "$TSA/other"
bad "a token for another request: the nonce differs" "nonce khác" "$TSA/nonce"
bad "an answer that is not RFC 3161" "không phải một TimeStampResp" "$TSA/garbage"
bad "an answer too large is cut off" "phản hồi quá lớn" "$TSA/big"
bad "an HTTP error of the TSA" "HTTP 500" "$TSA/fail"
stop_tsa
bad "a TSA that does not answer" "không lấy được dấu thời gian" "$TSA/"
bad "a URL that is not HTTP" "không lấy được dấu thời gian" "file:///etc/passwd"

finish
