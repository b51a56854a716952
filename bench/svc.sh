#!/usr/bin/env bash
# congso public services benchmark. Prints every figure with the exact
# command that produced it; BENCHMARKS.md records a run ("Dịch vụ công /
# Public services"). Targets live here, never in tests.
#
#   bench/svc.sh
#
#   1. `congso init --demo thai-nguyen`, then procedures imported as JSON
#      over the admin API until the catalogue holds 1,700 (the province's
#      count); `congso serve`; Postfix's smtp-sink as the mail server
#   2. a citizen signs in with the e-mail code and submits one dossier
#   3. the public tracking page of that dossier under wrk, anonymous,
#      against congso and against nginx serving the same bytes
#   4. catalogue search (/api/v1/procedures?q=...) under wrk, one connection
#      per core, a different query on each request (bench/svc_search.lua:
#      words and word pairs from the catalogue's names, without diacritics);
#      p50/p95/p99
#   5. submissions with two 1 MB files each (draft, one upload of both
#      files, submit; a small Python client written out by this script, one
#      keep-alive connection per client), SVC_CLIENTS at a time, against `dd oflag=dsync` of
#      the same bytes (2 MB a submission, bs=1M) on the same disk in the
#      same run
#
# Environment:
#   CONGSO             binary to test (default build/congso)
#   BENCH_SECONDS      length of one wrk run (default 10)
#   BENCH_CONNECTIONS  wrk connections for the tracking page (default 64)
#   SVC_SUBMISSIONS    submissions in step 5 (default 200)
#   SVC_CLIENTS        parallel submitting clients (default 4)
#   BENCH_KEEP=1       keep the temporary folder
#
# Needs python3, wrk, nginx, curl, jq and /usr/sbin/smtp-sink (postfix).
# Everything started here is stopped on exit.

set -u

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib.sh"
ROOT=$(dirname "$BENCH_DIR")
CONGSO=${CONGSO:-$ROOT/build/congso}
case $CONGSO in /*) ;; *) CONGSO=$PWD/$CONGSO ;; esac
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
NSUB=${SVC_SUBMISSIONS:-200}
CLIENTS=${SVC_CLIENTS:-4}
PW=ThaiNguyen@2026
CATALOGUE=1700

# Targets from issue 6.
T_TRACK_RPS=20000
T_TRACK_P99_MS=10
T_SEARCH_P95_MS=5
T_SUBMIT_RATIO=0.5

WORK=
SERVE_PID=
NGINX_PID=
SINK_PID=
SUMMARY=()

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
cmd() { printf '$ %s\n' "$*"; }

stop_pid() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	wait "$1" 2>/dev/null
	return 0
}
cleanup() {
	stop_pid "$NGINX_PID"
	stop_pid "$SERVE_PID"
	stop_pid "$SINK_PID"
	if [ -n "$WORK" ]; then
		if [ -n "${BENCH_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for t in python3 wrk curl jq; do
	command -v "$t" >/dev/null 2>&1 || die "$t is needed"
done
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is needed (apt-get install nginx)"
[ -x /usr/sbin/smtp-sink ] || die "/usr/sbin/smtp-sink is needed (apt-get install postfix)"
[ -x "$CONGSO" ] || die "no congso binary at $CONGSO"

to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n
		else if (v ~ /s$/) n *= 1000
		printf "%.2f", n }'
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/congso-bench-svc.XXXXXX")
DATA=$WORK/data

say "== machine"
say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: nproc=$(nproc), cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel=$(uname -r)"
say "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
say "disk:    $(df -h "$WORK" | awk 'NR == 2 { print $1 " (" $6 ")" }')"
say

# --- 1. data, server, mail ------------------------------------------------
say "== setup"
cmd "$CONGSO init --data $DATA --demo thai-nguyen"
"$CONGSO" init --data "$DATA" --demo thai-nguyen >"$WORK/init.log" 2>&1 ||
	{ cat "$WORK/init.log" >&2; die "init failed"; }
start_serve "$DATA" "$WORK/serve.log"
BASE=http://127.0.0.1:$PORT
SMTP_PORT=$(free_port) || die "no free port"
mkdir -p "$WORK/mail"
/usr/sbin/smtp-sink -u "$(id -un)" -d "$WORK/mail/%M." "127.0.0.1:$SMTP_PORT" 100 \
    >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
sleep 0.5

api() {	# METHOD PATH [JSON] -> body in $WORK/body, prints the status
	curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" \
	    ${TOKEN:+-H "Authorization: Bearer $TOKEN"} \
	    -H 'Content-Type: application/json' ${3:+-d "$3"} "$BASE$2"
}
TOKEN=$(curl -s -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PW\"}" "$BASE/api/v1/login" | jq -r .token)
[ -n "$TOKEN" ] && [ "$TOKEN" != null ] || die "admin sign-in failed"
st=$(api PUT /api/v1/services/settings "{\"smtp.host\":\"127.0.0.1\",\"smtp.port\":\"$SMTP_PORT\",\"smtp.from\":\"motcua@thainguyen.gov.vn\",\"services.file_max\":\"10485760\"}")
[ "$st" = 200 ] || die "settings: $st $(cat "$WORK/body")"

api GET "/api/v1/procedures?limit=1" >/dev/null
have=$(jq .total "$WORK/body")
need=$((CATALOGUE - have - 1))
say "  demo catalogue: $have procedures; importing $need generated ones and one bench procedure"
# Generated procedures: names built from the demo's own words, so search
# meets realistic text; one of them has two required file fields.
python3 - "$need" "$WORK/gen" <<'PY'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(6)
verbs = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Đăng ký",
         "Xác nhận", "Thẩm định", "Phê duyệt", "Công nhận", "Chấp thuận",
         "Đăng ký thay đổi", "Cho phép", "Giải quyết", "Thông báo"]
objs = ["giấy phép xây dựng", "giấy chứng nhận quyền sử dụng đất",
        "giấy phép kinh doanh rượu", "hộ kinh doanh", "hợp tác xã",
        "giấy phép lái xe", "chứng chỉ hành nghề y", "giấy phép môi trường",
        "giấy phép khai thác khoáng sản", "trợ cấp xã hội",
        "chế độ người có công", "giấy phép hoạt động giáo dục",
        "cơ sở bán lẻ thuốc", "an toàn thực phẩm", "nhà ở xã hội",
        "giấy phép biểu diễn nghệ thuật", "di tích lịch sử", "câu lạc bộ thể thao",
        "tàu cá", "phương tiện thủy nội địa", "công trình thủy lợi",
        "giấy phép lao động người nước ngoài", "quỹ xã hội", "hội nghề nghiệp",
        "cơ sở giết mổ gia súc", "giống cây trồng", "trang trại chăn nuôi",
        "điểm cung cấp dịch vụ trò chơi điện tử", "đại lý xăng dầu",
        "kết hôn có yếu tố nước ngoài", "nuôi con nuôi", "giám hộ"]
tails = ["", "đối với doanh nghiệp", "cho cá nhân", "trên địa bàn tỉnh",
         "cấp huyện", "cấp xã", "lần đầu", "do hết hạn", "do bị mất, hỏng"]
fields = ["Xây dựng", "Đất đai", "Công thương", "Y tế", "Giáo dục",
          "Lao động", "Văn hóa", "Nông nghiệp", "Giao thông", "Tư pháp"]
levels = ["province", "district", "commune"]
items = []
for i in range(n):
    name = " ".join(w for w in [random.choice(verbs), random.choice(objs),
                                random.choice(tails)] if w)
    items.append({"code": "8.%06d" % (100000 + i), "name": name,
                  "field": random.choice(fields),
                  "level": levels[i % 3], "agency": "Cơ quan thử tải",
                  "mode": "full" if i % 2 else "partial",
                  "days": 1 + i % 20, "fee": (i % 5) * 50000,
                  "result": "Kết quả", "legal_basis": "Văn bản thử tải",
                  "components": [{"name": "Đơn đề nghị", "originals": 1,
                                  "copies": 0}],
                  "form": [{"name": "ho_ten", "label": "Họ và tên",
                            "type": "text", "required": True, "max": 100}]})
items.append({"code": "8.999999", "name": "Thủ tục thử tải hai tệp",
              "field": "Thử tải", "level": "district",
              "agency": "UBND cấp huyện", "mode": "full", "days": 5,
              "fee": 0, "result": "Giấy phép", "legal_basis": "Thử tải",
              "components": [{"name": "Đơn", "originals": 1, "copies": 0}],
              "form": [{"name": "ho_ten", "label": "Họ và tên",
                        "type": "text", "required": True, "max": 100},
                       {"name": "don", "label": "Đơn", "type": "file",
                        "required": True},
                       {"name": "ban_ve", "label": "Bản vẽ", "type": "file",
                        "required": True}]})
for k in range(0, len(items), 200):
    open("%s.%04d.json" % (out, k // 200), "w").write(
        json.dumps(items[k:k + 200], ensure_ascii=False))
PY
for f in "$WORK"/gen.*.json; do
	st=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	    -H 'Content-Type: application/json' --data-binary "@$f" "$BASE/api/v1/procedures")
	[ "$st" = 200 ] || die "import $f: $st $(head -c 300 "$WORK/body")"
done
api GET "/api/v1/procedures?limit=1" >/dev/null
TOTAL=$(jq .total "$WORK/body")
say "  catalogue now: $TOTAL procedures"
api GET "/api/v1/units?kind=district&limit=50" >/dev/null
UNIT=$(jq '[.items[] | select(.name == "UBND huyện Đồng Hỷ")][0].id' "$WORK/body")
say

# --- 2. a citizen and one dossier ----------------------------------------
EMAIL=tai.thu@example.vn
TOKEN=
api POST /api/v1/citizens/code "{\"email\":\"$EMAIL\"}" >/dev/null
CODE=
for i in $(seq 1 40); do
	CODE=$(python3 - "$WORK/mail" "$EMAIL" <<'PY'
import email, glob, re, sys
for f in glob.glob(sys.argv[1] + "/*"):
    m = email.message_from_binary_file(open(f, "rb"))
    if sys.argv[2] in (m.get("To") or ""):
        body = (m.get_payload(decode=True) or b"").decode("utf-8", "replace")
        x = re.search(r"^\s*(\d{6})\s*$", body, re.M)
        if x:
            print(x.group(1))
PY
)
	[ -n "$CODE" ] && break
	sleep 0.5
done
[ -n "$CODE" ] || die "no sign-in code arrived at smtp-sink"
api POST /api/v1/citizens/session "{\"email\":\"$EMAIL\",\"code\":\"$CODE\",\"full_name\":\"Tải Thử\"}" >/dev/null
CIT=$(jq -r .token "$WORK/body")
[ -n "$CIT" ] && [ "$CIT" != null ] || die "citizen session: $(cat "$WORK/body")"
head -c 1048576 /dev/urandom >"$WORK/a.bin"
head -c 1048576 /dev/urandom >"$WORK/b.bin"
{ printf '%%PDF-1.4\n'; head -c $((1048576 - 9)) "$WORK/a.bin"; } >"$WORK/don.pdf"
{ printf '%%PDF-1.4\n'; head -c $((1048576 - 9)) "$WORK/b.bin"; } >"$WORK/banve.pdf"

# submit_one [N]: draft, both files in one upload, submit; prints the
# code. With N, the files are submission N's own (made beforehand, so each
# stores new bytes rather than meeting a blob stored already).
submit_one() {
	local id st don=$WORK/don.pdf bv=$WORK/banve.pdf
	id=$(curl -s -H "Authorization: Bearer $CIT" -H 'Content-Type: application/json' \
	    -d "{\"procedure\":\"8.999999\",\"unit_id\":$UNIT,\"applicant_name\":\"Tải Thử\",\"applicant_phone\":\"0912345678\",\"values\":{\"ho_ten\":\"Tải Thử\"}}" \
	    "$BASE/api/v1/citizen/dossiers" | jq -r .id)
	if [ -n "${1:-}" ]; then
		don=$WORK/up/$1-don.pdf bv=$WORK/up/$1-bv.pdf
	fi
	st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CIT" \
	    -H 'Expect:' -F "don=@$don;filename=don.pdf" \
	    -F "ban_ve=@$bv;filename=ban-ve.pdf" \
	    "$BASE/api/v1/citizen/dossiers/$id/files")
	[ "$st" = 201 ] || { echo "upload:$st"; return 1; }
	curl -s -X POST -H "Authorization: Bearer $CIT" \
	    "$BASE/api/v1/citizen/dossiers/$id/submit" | jq -r '.code // .error.message'
}
DOSSIER=$(submit_one)
case $DOSSIER in *-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]) ;;
*) die "the first submission failed: $DOSSIER" ;; esac
say "  dossier $DOSSIER submitted with two 1 MB files"
say

# --- 3. tracking page vs nginx -------------------------------------------
say "== public tracking page by code"
TRACK="/dich-vu-cong/tra-cuu?ma=$DOSSIER"
mkdir -p "$WORK/www"
curl -s -D "$WORK/track.h" -o "$WORK/www/track.html" "$BASE$TRACK"
curl -s -o "$WORK/track2.html" "$BASE$TRACK"
cmp -s "$WORK/www/track.html" "$WORK/track2.html" ||
	say "  note: the page differs between two requests"
say "  $(wc -c <"$WORK/www/track.html") bytes of HTML"
NGINX_PORT=$(free_port)
n=$WORK/nginx
mkdir -p "$n/tmp"
user=''
[ "$(id -u)" -eq 0 ] && user="user $(id -un) $(id -gn);"
cat >"$n/nginx.conf" <<NGX
$user
daemon off;
worker_processes auto;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $n/tmp/body;
	proxy_temp_path $n/tmp/proxy;
	fastcgi_temp_path $n/tmp/fastcgi;
	uwsgi_temp_path $n/tmp/uwsgi;
	scgi_temp_path $n/tmp/scgi;
	sendfile on;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		location = /dich-vu-cong/tra-cuu {
			default_type "text/html; charset=utf-8";
			alias $WORK/www/track.html;
		}
	}
}
NGX
"$NGINX" -p "$n/" -c "$n/nginx.conf" -e "$n/error.log" >"$n/stderr.log" 2>&1 &
NGINX_PID=$!
for i in $(seq 1 50); do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT$TRACK")" = 200 ] && break
	sleep 0.2
done
cmp -s "$WORK/www/track.html" <(curl -s "http://127.0.0.1:$NGINX_PORT$TRACK") ||
	die "nginx does not serve the same bytes"

# track NAME URL: wrk on the tracking page; sets RPS and P99.
track() {
	local out=$WORK/wrk-$1.txt
	cmd "wrk -t2 -c$CONNS -d${SECS}s --latency -s bench/svc_track.lua '$2'"
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$BENCH_DIR/svc_track.lua" \
	    "$2" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
	sed 's/^/    /' "$out"
	RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	P99=$(awk '$1 == "p99_ms" { printf "%.2f", $2 }' "$out")
	BAD=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' "$out")
}
track congso "$BASE$TRACK"
C_RPS=$RPS C_P99=$P99 C_BAD=$BAD
track nginx "http://127.0.0.1:$NGINX_PORT$TRACK"
N_RPS=$RPS N_P99=$P99
v=$(awk -v r="$C_RPS" -v p="$C_P99" -v tr=$T_TRACK_RPS -v tp=$T_TRACK_P99_MS \
    'BEGIN { print (r >= tr && p <= tp) ? "met" : "MISSED" }')
SUMMARY+=("tracking page: congso $C_RPS req/s p99 $C_P99 ms (non-2xx $C_BAD); nginx $N_RPS req/s p99 $N_P99 ms; target >= $T_TRACK_RPS req/s, p99 <= $T_TRACK_P99_MS ms: $v")
stop_pid "$NGINX_PID"
NGINX_PID=
say

# --- 4. catalogue search -------------------------------------------------
say "== catalogue search over $TOTAL procedures"
for off in $(seq 0 200 $((TOTAL - 1))); do
	curl -s "$BASE/api/v1/procedures?limit=200&offset=$off" | jq -r '.items[].name'
done |
python3 -c '
import sys, unicodedata, random, urllib.parse
def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn").lower()
random.seed(17)
words, pairs = set(), set()
for name in sys.stdin:
    w = [x for x in fold(name).split() if x.isalpha()]
    words.update(x for x in w if len(x) > 2)
    pairs.update(" ".join(w[i:i + 2]) for i in range(len(w) - 1))
qs = sorted(words) + sorted(pairs)
random.shuffle(qs)
for q in qs[:5000]:
    print(urllib.parse.quote(q))
' >"$WORK/queries"
[ -s "$WORK/queries" ] || die "no queries made from the catalogue"
say "  $(wc -l <"$WORK/queries") different queries (words and word pairs without diacritics)"
out=$WORK/wrk-search.txt
cmd "SVC_QUERIES=queries wrk -t2 -c2 -d${SECS}s --latency -s bench/svc_search.lua '$BASE/'"
SVC_QUERIES=$WORK/queries wrk -t2 -c2 -d"${SECS}s" --latency \
    -s "$BENCH_DIR/svc_search.lua" "$BASE/" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
sed 's/^/    /' "$out"
S_RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
S_P50=$(awk '$1 == "p50_ms" { printf "%.2f", $2 }' "$out")
S_P95=$(awk '$1 == "p95_ms" { printf "%.2f", $2 }' "$out")
S_P99=$(awk '$1 == "p99_ms" { printf "%.2f", $2 }' "$out")
S_BAD=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' "$out")
v=$(awk -v p="$S_P95" -v t=$T_SEARCH_P95_MS 'BEGIN { print (p != "" && p <= t) ? "met" : "MISSED" }')
SUMMARY+=("catalogue search ($TOTAL procedures): $S_RPS req/s, p50 $S_P50 ms, p95 $S_P95 ms, p99 $S_P99 ms (non-2xx $S_BAD); target p95 <= $T_SEARCH_P95_MS ms: $v")
say

# --- 5. durable submissions vs dd oflag=dsync ----------------------------
say "== submissions with two 1 MB files ($NSUB, $CLIENTS at a time)"
mkdir -p "$WORK/up"
for i in $(seq 1 "$NSUB"); do
	{ printf '%%PDF-1.4\n%% %s don\n' "$i"; cat "$WORK/a.bin"; } | head -c 1048576 >"$WORK/up/$i-don.pdf"
	{ printf '%%PDF-1.4\n%% %s ban ve\n' "$i"; cat "$WORK/b.bin"; } | head -c 1048576 >"$WORK/up/$i-bv.pdf"
done
sync
# The submitting client: CLIENTS threads, each with its own keep-alive
# connection, take submission numbers 1..N in turn; one prints a dossier
# code a line, then "elapsed_ms X" on stderr.
cat >"$WORK/submit.py" <<'PY'
"""svc_submit: BASE TOKEN UNIT N CLIENTS UPDIR (see bench/svc.sh)."""
import http.client
import json
import sys
import threading
import time
import urllib.parse

base, token, unit, n, clients, updir = sys.argv[1:7]
n, clients = int(n), int(clients)
url = urllib.parse.urlsplit(base)
files = {}
for i in range(1, n + 1):
    files[i] = (open("%s/%d-don.pdf" % (updir, i), "rb").read(),
                open("%s/%d-bv.pdf" % (updir, i), "rb").read())
lock = threading.Lock()
pending = list(range(1, n + 1))
codes = []


def call(conn, method, path, body=None, ctype="application/json"):
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = ctype
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


def one(conn, i):
    st, b = call(conn, "POST", "/api/v1/citizen/dossiers", json.dumps({
        "procedure": "8.999999", "unit_id": int(unit),
        "applicant_name": "Tải Thử", "applicant_phone": "0912345678",
        "values": {"ho_ten": "Tải Thử"}}).encode())
    if st != 201:
        return "draft:%d" % st
    did = json.loads(b)["id"]
    bnd = "----congso-bench-%d" % i
    parts = []
    for field, name, data in (("don", "don.pdf", files[i][0]),
                              ("ban_ve", "ban-ve.pdf", files[i][1])):
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\";"
                      " filename=\"%s\"\r\nContent-Type: application/pdf"
                      "\r\n\r\n" % (bnd, field, name)).encode())
        parts.append(data)
        parts.append(b"\r\n")
    parts.append(("--%s--\r\n" % bnd).encode())
    st, b = call(conn, "POST", "/api/v1/citizen/dossiers/%d/files" % did,
                 b"".join(parts), "multipart/form-data; boundary=" + bnd)
    if st != 201:
        return "upload:%d" % st
    st, b = call(conn, "POST", "/api/v1/citizen/dossiers/%d/submit" % did)
    if st != 200:
        return "submit:%d" % st
    return json.loads(b)["code"]


def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    while True:
        with lock:
            if not pending:
                break
            i = pending.pop(0)
        c = one(conn, i)
        with lock:
            codes.append(c)


t0 = time.monotonic()
ts = [threading.Thread(target=worker) for _ in range(clients)]
for t in ts:
    t.start()
for t in ts:
    t.join()
ms = (time.monotonic() - t0) * 1000
for c in codes:
    print(c)
print("elapsed_ms %.0f" % ms, file=sys.stderr)
PY
cmd "python3 submit.py $BASE \$CITIZEN_TOKEN $UNIT $NSUB $CLIENTS up/   # per submission: POST draft, POST files (2 x 1 MB), POST submit"
python3 "$WORK/submit.py" "$BASE" "$CIT" "$UNIT" "$NSUB" "$CLIENTS" \
    "$WORK/up" >"$WORK/codes" 2>"$WORK/submit.err" || { cat "$WORK/submit.err" >&2; die "submissions failed"; }
ms=$(awk '$1 == "elapsed_ms" { print $2 }' "$WORK/submit.err")
grep -v -- '-[0-9]\{6\}-[0-9]\{4\}$' "$WORK/codes" | sort | uniq -c | sed 's/^/  failed: /'
ok=$(grep -c -- '-[0-9]\{6\}-[0-9]\{4\}$' "$WORK/codes")
uniq=$(sort -u "$WORK/codes" | grep -c -- '-[0-9]\{6\}-[0-9]\{4\}$')
SUB_RATE=$(awk -v n="$ok" -v ms="$ms" 'BEGIN { printf "%.1f", n * 1000 / ms }')
SUB_MBS=$(awk -v r="$SUB_RATE" 'BEGIN { printf "%.1f", r * 2 }')
say "  $ok of $NSUB submitted ($uniq distinct codes) in $ms ms: $SUB_RATE submissions/s = $SUB_MBS MB/s of files"
cmd "dd if=all.bin of=$DATA/dd.out bs=1M count=$((2 * NSUB)) oflag=dsync   # all.bin: the same 2 MB x $NSUB, in the page cache"
cat "$WORK/a.bin" "$WORK/b.bin" >"$WORK/ab.bin"
for i in $(seq 1 "$NSUB"); do cat "$WORK/ab.bin"; done >"$WORK/all.bin"
sync
t0=$(date +%s%N)
dd if="$WORK/all.bin" of="$DATA/dd.out" bs=1M count=$((2 * NSUB)) oflag=dsync 2>"$WORK/dd.log"
t1=$(date +%s%N)
rm -f "$DATA/dd.out" "$WORK/all.bin"
sed 's/^/    /' "$WORK/dd.log"
DD_MBS=$(awk -v n=$((2 * NSUB)) -v ms=$(((t1 - t0) / 1000000)) 'BEGIN { printf "%.1f", n * 1000 / ms }')
DD_SUBS=$(awk -v m="$DD_MBS" 'BEGIN { printf "%.1f", m / 2 }')
RATIO=$(awk -v a="$SUB_MBS" -v b="$DD_MBS" 'BEGIN { printf "%.2f", a / b }')
v=$(awk -v r="$RATIO" -v t=$T_SUBMIT_RATIO 'BEGIN { print (r >= t) ? "met" : "MISSED" }')
say "  dd oflag=dsync: $DD_MBS MB/s (= $DD_SUBS submissions/s of 2 MB); ratio $RATIO"
SUMMARY+=("submissions, two 1 MB files: $SUB_RATE/s ($SUB_MBS MB/s, $CLIENTS clients, $uniq distinct codes); dd oflag=dsync $DD_MBS MB/s; ratio $RATIO, target >= $T_SUBMIT_RATIO: $v")
say

say "== summary"
for s in "${SUMMARY[@]}"; do say "  $s"; done
