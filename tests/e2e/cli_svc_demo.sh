#!/bin/sh
# cli_svc_demo.sh - `congso svc demo`, which `make demo` runs: the one-stop
# office of UBND huyện Đồng Hỷ gets a dozen dossiers in every state, made
# through the real steps (one transaction each) on the days they were
# taken, and the demo's mail is kept in a Maildir of the data folder.
# Checked over the API as the one-stop officer and as a citizen who signs
# in with the code found in that Maildir (read by Python's mailbox and
# email modules), by taking one more step, and on the pages.
#
#   CONGSO=build/congso sh tests/e2e/cli_svc_demo.sh
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
D=$T/d
BINH=nguyen.van.binh@example.com

"$CONGSO" init --data "$D" --demo thai-nguyen >/dev/null 2>&1
if ! "$CONGSO" help svc 2>/dev/null | grep -q "svc demo"; then
	echo "# skip: congso svc demo is not in this build"
	finish
	exit $?
fi

# --- loading, and refusing to load twice or elsewhere ------------------------
out=$("$CONGSO" svc demo --data "$D" 2>"$T/err")
is "svc demo loads the demo dossiers" "$?" 0
has "  ... and says so" "$out" "Đã nạp hồ sơ mẫu của UBND huyện Đồng Hỷ"
has "  ... naming the division's accounts it gave the demo password" "$out" \
    "duongthikimanh (Dương Thị Kim Ánh, chuyên viên Phòng Tài nguyên và Môi trường huyện Đồng Hỷ)"
"$CONGSO" svc demo --data "$D" >/dev/null 2>"$T/err"
is "a second load is refused (exit 2)" "$?" 2
has "  ... saying the folder has dossiers" "$(cat "$T/err")" "thư mục dữ liệu đã có hồ sơ"
"$CONGSO" init --data "$T/other" --province-code 000.00.00.H99 \
    --province-name "UBND tỉnh Thử" >/dev/null 2>&1
"$CONGSO" svc demo --data "$T/other" >/dev/null 2>"$T/err"
is "a folder that is not the demo province is refused (exit 2)" "$?" 2
has "  ... saying why" "$(cat "$T/err")" "không phải tỉnh mẫu"
is "  ... and gets no dossier" \
    "$(sqlite3 "$T/other/congso.db" "SELECT count(*) FROM svc_dossiers")" 0
"$CONGSO" svc demo --data "$T/none" >/dev/null 2>&1
check "a folder that does not exist is an error" test $? -ne 0
"$CONGSO" svc frobnicate --data "$D" >/dev/null 2>"$T/err"
is "an unknown subcommand is a usage error (exit 2)" "$?" 2
check "the audit chain is whole after the load" \
    "$CONGSO" audit verify --data "$D"

q() { sqlite3 "$D/congso.db" "$1"; }
is "twelve dossiers, each with its code" \
    "$(q "SELECT count(*), count(code) FROM svc_dossiers")" "12|12"
is "every state a back office meets" \
    "$(q "SELECT group_concat(state, ' ') FROM (SELECT DISTINCT state FROM
    svc_dossiers ORDER BY state)")" \
    "approved processing refused returned submitted supplement transferred"
is "the histories have the days of their steps, not the load's" \
    "$(q "SELECT count(DISTINCT date(at, 'unixepoch', 'localtime')) > 8 FROM
    svc_history")" 1
is "each code has its submission's day" \
    "$(q "SELECT count(*) FROM svc_dossiers WHERE substr(code, 15, 6) !=
    strftime('%y%m%d', submitted_at, 'unixepoch', 'localtime')")" 0
is "no step is later than the load" \
    "$(q "SELECT count(*) FROM svc_history WHERE at > strftime('%s', 'now')")" 0

# --- the one-stop officer's queues -----------------------------------------------
start_server "$D" || exit 1
TOKEN=$(token motcua "$PW")
total() { api GET "/api/v1/services/dossiers?box=$1" >/dev/null; body | jq -r .total; }
is "motcua: one new dossier to check" "$(total new)" 1
is "motcua: one waiting for a supplement" "$(total waiting)" 1
is "motcua: one result to return" "$(total to_return)" 1
is "motcua: one overdue" "$(total overdue)" 1
is "motcua: twelve in all" "$(total all)" 12
api GET "/api/v1/services/indicators?by=unit&from=2000-01-01&to=2100-12-31" >/dev/null
is "indicators: received, returned, on time, late, refused, rated" \
    "$(body | jq -c '.items[0] | [.received, .returned, .on_time, .late >= 1, .refused, .rated, .satisfaction]')" \
    "[9,3,2,true,1,1,5]"

# --- the demo's mail, kept in a Maildir ---------------------------------------
# mail PY: run Python over the Maildir's messages, as (to, subject, body).
mail() {
	python3 - "$D/thu-di" "$1" <<'PY'
import email.header, mailbox, re, sys
msgs = []
for key, m in sorted(mailbox.Maildir(sys.argv[1], factory=None).items()):
    subj = str(email.header.make_header(email.header.decode_header(
        m.get("Subject", ""))))
    body = (m.get_payload(decode=True) or b"").decode("utf-8")
    msgs.append((m.get("To", ""), subj, body))
print(eval(sys.argv[2]))
PY
}
n=0
while [ $n -lt 300 ] && [ "$(q "SELECT count(*) FROM jobs WHERE kind =
    'svc.mail' AND state != 'done'")" != 0 ]; do
	sleep 0.1
	n=$((n + 1))
done
is "the notices of the online dossiers are kept, not sent" \
    "$(q "SELECT count(*) FROM jobs WHERE kind = 'svc.mail' AND state = 'done'")" \
    "$(mail 'len(msgs)')"
has "  ... readable as mail, the subject in Vietnamese" \
    "$(mail '[s for t, s, b in msgs if "le.thi.mai" in t]')" \
    "đã có kết quả"
is "  ... none left in tmp/" "$(ls "$D/thu-di/tmp" | wc -l)" 0
is "  ... without a link that leads nowhere (no portal address set)" \
    "$(mail '[b for t, s, b in msgs if "/dich-vu-cong/" in b or "bằng mã hồ sơ" not in b]')" "[]"

api POST /api/v1/citizens/code "{\"email\":\"$BINH\"}" >/dev/null
code=
n=0
while [ $n -lt 300 ] && [ -z "$code" ]; do
	code=$(mail "([s.split(': ')[-1] for t, s, b in msgs if '$BINH' in t and s.startswith('Mã xác thực')] or [''])[-1]")
	[ -n "$code" ] || sleep 0.1
	n=$((n + 1))
done
is "a citizen's sign-in code arrives in the Maildir" "${#code}" 6
st=$(api POST /api/v1/citizens/session "{\"email\":\"$BINH\",\"code\":\"$code\"}")
is "  ... and signs them in (201)" "$st" 201
TOKEN=$(body | jq -r .token)
api GET /api/v1/citizen/dossiers >/dev/null
is "Nguyễn Văn Bình sees his two dossiers" \
    "$(body | jq -c '[.items[].state] | sort')" '["approved","submitted"]'

J=$T/citizen.jar
pre=$(curl -s -c "$J" -b "$J" "$BASE/dich-vu-cong/dang-nhap" |
    sed -n 's/.*name="_pre" value="\([0-9a-f]*\)".*/\1/p')
page=$(curl -s -c "$J" -b "$J" --data-urlencode "_pre=$pre" \
    --data-urlencode "email=tran.thi.hoa@example.com" \
    "$BASE/dich-vu-cong/dang-nhap")
has "the sign-in page says where the demo keeps its mail" "$page" \
    "Bản dùng thử: thư không gửi đi mà được ghi vào thư mục thu-di/new/"

# --- more steps on the loaded data: the whole office ----------------------------
TOKEN=$(token motcua "$PW")
api GET "/api/v1/services/dossiers?box=to_return" >/dev/null
ID=$(body | jq -r '.items[0].id')
st=$(api POST "/api/v1/services/dossiers/$ID/return" '{}')
is "motcua returns the approved result" "$st" 200
is "  ... and the queue is empty" "$(total to_return)" 0
# The division's specialist and leader, given the demo password.
TOKEN=$(token duongthikimanh "$PW")
check "the division's specialist signs in with the demo password" \
    test -n "$TOKEN" -a "$TOKEN" != null
api GET "/api/v1/services/dossiers?box=to_handle" >/dev/null
is "  ... and has the two dossiers at the division to handle" \
    "$(body | jq -c '[.items[].procedure.code] | sort')" '["1.004193","1.004203"]'
ID=$(body | jq -r '.items[] | select(.procedure.code == "1.004203") | .id')
st=$(api POST "/api/v1/services/dossiers/$ID/process" \
    '{"result":"Đủ điều kiện đăng ký biến động; đã chỉnh lý Giấy chứng nhận."}')
is "  ... processes the land transfer" "$st" 200
TOKEN=$(token leducquy "$PW")
is "the division's leader has two dossiers to approve" "$(total to_approve)" 2
is "  ... approves it" "$(api POST "/api/v1/services/dossiers/$ID/approve" '{}')" 200
TOKEN=$(token motcua "$PW")
is "motcua returns its result" "$(api POST "/api/v1/services/dossiers/$ID/return" '{}')" 200
is "  ... the dossier is returned" \
    "$(q "SELECT state FROM svc_dossiers WHERE id = $ID")" returned

# --- the pages ----------------------------------------------------------------------
web_login motcua "$PW" "$T/jar" >/dev/null
page=$(curl -s -b "$T/jar" "$BASE/mot-cua")
has "the one-stop page lists the new online dossier" "$page" "Nguyễn Văn Bình"
OV=$(q "SELECT id FROM svc_dossiers WHERE state = 'transferred' AND apologies > 0")
page=$(curl -s -b "$T/jar" "$BASE/mot-cua/ho-so/$OV")
has "a dossier's page shows the apology in its history" "$page" "xin lỗi bà"

# --- a bad mail folder keeps the message queued ----------------------------------
q "UPDATE settings SET value = '../ngoai' WHERE key = 'mail.folder'"
TOKEN=
api POST /api/v1/citizens/code '{"email":"khach@example.com"}' >/dev/null
n=0
while [ $n -lt 300 ] && [ -z "$(q "SELECT last_error FROM jobs WHERE kind =
    'svc.mail' AND payload LIKE '%khach@example.com%' AND last_error != ''")" ]; do
	sleep 0.1
	n=$((n + 1))
done
has "a mail folder that is not a plain name is refused, the job kept" \
    "$(q "SELECT state || ' ' || last_error FROM jobs WHERE kind = 'svc.mail'
    AND payload LIKE '%khach@example.com%'")" "queued mail.folder"
check "  ... and nothing is written outside the data folder" \
    test ! -e "$T/ngoai"

finish
