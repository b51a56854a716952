#!/bin/sh
# End to end: exchange over HTTPS. congso serves plain HTTP and is put
# behind a TLS terminator in production; here a small python3 TLS relay
# plays that part in front of a real Nghệ An instance (its certificate
# for 127.0.0.1 from a test CA). Thái Nguyên's peer entry names the
# https:// address and the CA file: the package is delivered over TLS
# and registered, and status 01 comes back. A peer whose CA file does not
# match the server's certificate gets no delivery: the outbox keeps the
# package with the TLS error, and a corrected CA file lets the retry
# through. (Nghệ An answers Thái Nguyên over plain HTTP.)
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

for tool in openssl jq sqlite3 python3; do
	if ! command -v $tool >/dev/null; then
		not_ok "$tool is installed (make deps)"
		finish
		exit 1
	fi
done

# ---- certificates: the signing root, the exchange keys, a TLS CA -------
(
cd "$T" || exit 1
for ca in root tlsca otherca; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout $ca.key \
	    -out $ca.pem -days 3650 -subj "/CN=Test $ca/O=congso" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
done
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >sig.cnf
for n in tn na; do
	openssl req -new -newkey rsa:2048 -nodes -keyout $n.key -utf8 \
	    -subj "/CN=Liên thông $n/O=congso" -out $n.csr 2>/dev/null
	openssl x509 -req -in $n.csr -CA root.pem -CAkey root.key \
	    -CAcreateserial -days 365 -sha256 -extfile sig.cnf \
	    -out $n.pem 2>/dev/null
done
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >tls.cnf
openssl req -new -newkey rsa:2048 -nodes -keyout server.key \
    -subj "/CN=127.0.0.1" -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA tlsca.pem -CAkey tlsca.key \
    -CAcreateserial -days 365 -sha256 -extfile tls.cnf \
    -out server.pem 2>/dev/null
)
check "the certificates were made" test -s "$T/server.pem" -a -s "$T/na.pem"

# ---- the two instances ------------------------------------------------------
"$CONGSO" init --data "$T/tn" --demo thai-nguyen >/dev/null 2>&1
"$CONGSO" init --data "$T/na" --province-code 000.00.00.H41 \
    --province-name 'UBND tỉnh Nghệ An' --admin-password "$PW" >/dev/null 2>&1
NA_SO=000.12.30.H41
"$CONGSO" unit add --data "$T/na" --code $NA_SO \
    --name 'Sở Thông tin và Truyền thông tỉnh Nghệ An' --short-name STTTT \
    --kind department --parent 000.00.00.H41 >/dev/null
printf '%s\n' "$PW" | "$CONGSO" user add --data "$T/na" --username vt.na \
    --full-name 'Phan Thị Hoa' --unit $NA_SO --roles clerk --password-stdin \
    >/dev/null
for d in tn na; do
	"$CONGSO" pdf trust add --data "$T/$d" "$T/root.pem" >/dev/null 2>&1
	"$CONGSO" exchange setup --data "$T/$d" --key "$T/$d.key" \
	    --cert "$T/$d.pem" >/dev/null 2>&1
	sqlite3 "$T/$d/congso.db" "INSERT INTO settings VALUES ('jobs.backoff_scale', '0.02')"
done
start_instance tn "$T/tn" || exit 1
start_instance na "$T/na" || exit 1
"$CONGSO" peer add --data "$T/na" --match H55 --url "$BASE_tn" >/dev/null

# ---- the TLS terminator in front of Nghệ An ---------------------------------
cat >"$T/relay.py" <<'EOF'
import socket, ssl, sys, threading
cert, key, backend_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
print(srv.getsockname()[1], flush=True)
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
def serve(c):
    try:
        t = ctx.wrap_socket(c, server_side=True)
    except (ssl.SSLError, OSError):
        c.close()
        return
    b = socket.create_connection(("127.0.0.1", backend_port))
    threading.Thread(target=pipe, args=(t, b), daemon=True).start()
    pipe(b, t)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
NA_PORT=${BASE_na##*:}
python3 "$T/relay.py" "$T/server.pem" "$T/server.key" "$NA_PORT" \
    >"$T/relay.port" 2>"$T/relay.log" &
RELAY=$!
n=0
while [ ! -s "$T/relay.port" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
TLS_URL=https://127.0.0.1:$(cat "$T/relay.port")
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/tlsca.pem" "$TLS_URL/healthz")
is "Nghệ An answers over TLS with the test CA" "$code" 200

# ---- a peer with the wrong CA: no delivery, the reason kept -------------
check "the peer is added with a CA that is not the server's" \
    "$CONGSO" peer add --data "$T/tn" --match H41 --url "$TLS_URL" \
    --name 'UBND tỉnh Nghệ An' --cert "$T/na.pem" --ca-file "$T/otherca.pem"
BASE=$BASE_tn
TOKEN=$(token chuyenvien "$PW")
api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"Quyết định phối hợp qua HTTPS\",\"external_recipients\":[{\"name\":\"Sở TTTT Nghệ An\",\"code\":\"$NA_SO\"}]}" >/dev/null
DOC=$(body | jq .id)
api POST /api/v1/documents/$DOC/submit >/dev/null
TOKEN=$(token lanhdao "$PW"); api POST /api/v1/documents/$DOC/approve >/dev/null
TOKEN=$(token vanthu "$PW")
is "the clerk issues to Nghệ An (200)" "$(api POST /api/v1/documents/$DOC/issue)" 200
ADM=$(token admin "$PW")
outbox() {
	TOKEN=$ADM
	api GET /api/v1/exchange/outbox >/dev/null
	body | jq -r '[.items[] | select(.to == "'$NA_SO'")][0] | "\(.state) \(.last_error // "")"'
}
n=0
while [ $n -lt 100 ]; do
	case $(outbox) in *SSL*|*certificate*|*TLS*|*ssl*) break ;; esac
	sleep 0.1
	n=$((n + 1))
done
o=$(outbox)
case $o in
sent*) not_ok "a server certificate from another CA is not trusted" "$o" ;;
*) ok "a server certificate from another CA is not trusted" ;;
esac
has "  ... and the outbox says why" "$o" "SSL"
is "nothing reached Nghệ An" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE origin = 'external'")" 0

# ---- the right CA: the retry goes through over TLS -----------------------
check "the peer's CA file is corrected" \
    "$CONGSO" peer add --data "$T/tn" --match H41 --url "$TLS_URL" \
    --name 'UBND tỉnh Nghệ An' --cert "$T/na.pem" --ca-file "$T/tlsca.pem"
n=0
while [ $n -lt 300 ]; do
	[ "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE origin = 'external'")" = 1 ] && break
	sleep 0.1
	n=$((n + 1))
done
is "the package arrives over HTTPS and is registered once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE origin = 'external'")" 1
n=0
while [ $n -lt 300 ]; do
	TOKEN=$ADM
	api GET /api/v1/exchange/documents/$DOC/statuses >/dev/null
	[ "$(body | jq -r '[.items[].status] | join(",")')" = 01 ] && break
	sleep 0.1
	n=$((n + 1))
done
is "status 01 comes back to Thái Nguyên" "$(body | jq -r '[.items[].status] | join(",")')" 01
is "the outbox no longer holds it" "$(outbox)" "null "

kill "$RELAY" 2>/dev/null
wait "$RELAY" 2>/dev/null
finish
