#!/bin/sh
# cli_docs_demo.sh - `congso doc demo`, which `make demo` runs: the demo
# province gets the year's registers of Sở TTTT and documents under way
# in every queue of its demo accounts, made through the real steps (one
# transaction each), with the times of the days they were taken. Checked
# over the API as each demo account sees it, then by taking one more step
# on the loaded data (the registers go on from where the demo left them),
# and by the search of a person of another unit.
#
#   CONGSO=build/congso sh tests/e2e/cli_docs_demo.sh
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
D=$T/d

"$CONGSO" init --data "$D" --demo thai-nguyen >/dev/null 2>&1
if ! "$CONGSO" help doc 2>/dev/null | grep -q "doc demo"; then
	echo "# skip: congso doc demo is not in this build"
	finish
	exit $?
fi

# --- loading, and refusing to load twice or elsewhere ------------------------
out=$("$CONGSO" doc demo --data "$D" 2>"$T/err")
is "doc demo loads the demo documents" "$?" 0
has "  ... and says so" "$out" "Đã nạp văn bản mẫu của Sở Thông tin và Truyền thông"
"$CONGSO" doc demo --data "$D" >/dev/null 2>"$T/err"
is "a second load is refused (exit 2)" "$?" 2
has "  ... saying the folder has documents" "$(cat "$T/err")" "thư mục dữ liệu đã có văn bản"
"$CONGSO" init --data "$T/other" --province-code 000.00.00.H99 \
    --province-name "UBND tỉnh Thử" >/dev/null 2>&1
"$CONGSO" doc demo --data "$T/other" >/dev/null 2>"$T/err"
is "a folder that is not the demo province is refused (exit 2)" "$?" 2
has "  ... saying why" "$(cat "$T/err")" "không phải tỉnh mẫu"
is "  ... and gets no document" \
    "$(sqlite3 "$T/other/congso.db" "SELECT count(*) FROM documents")" 0
"$CONGSO" doc demo --data "$T/none" >/dev/null 2>&1
check "a folder that does not exist is an error" test $? -ne 0
check "the audit chain is whole after the load" \
    "$CONGSO" audit verify --data "$D"

# --- the registers ---------------------------------------------------------------
SO=$(sqlite3 "$D/congso.db" "SELECT id FROM units WHERE code = '000.00.05.H55'")
# The program's year (it keeps Vietnam's time, UTC+7). The demo's letters
# go back some 190 working days: early in a year some were last year's.
Y=$(TZ=ICT-7 date +%Y)
cv=$(sqlite3 "$D/congso.db" "SELECT group_concat(notation, ' ') FROM (SELECT
    d.notation FROM documents d JOIN doc_types t ON t.id = d.type_id WHERE
    d.unit_id = $SO AND t.code = 'CV' AND d.state = 'issued' ORDER BY
    substr(d.doc_date, 1, 4), d.number)")
want=$(sqlite3 "$D/congso.db" "SELECT group_concat(printf('%02d/STTTT-', n),
    ' ') FROM (SELECT row_number() OVER (PARTITION BY substr(d.doc_date, 1,
    4) ORDER BY d.number) AS n FROM documents d JOIN doc_types t ON t.id =
    d.type_id WHERE d.unit_id = $SO AND t.code = 'CV' AND d.state =
    'issued' ORDER BY substr(d.doc_date, 1, 4), d.number)")
is "Sở TTTT's six letters are numbered from 01 each year, none skipped" \
    "$(printf '%s\n' $cv | wc -l):$(printf '%s\n' $cv | sed 's/-.*/-/' |
    tr '\n' ' ' | sed 's/ $//')" "6:$want"
NEXT=$(printf '%02d' $(($(sqlite3 "$D/congso.db" "SELECT count(*) FROM
    documents d JOIN doc_types t ON t.id = d.type_id WHERE d.unit_id = $SO
    AND t.code = 'CV' AND d.state = 'issued' AND substr(d.doc_date, 1, 4) =
    '$Y'") + 1)))
is "the histories have the times of their days, not the load's" \
    "$(sqlite3 "$D/congso.db" "SELECT count(*) FROM doc_history h JOIN
    documents d ON d.id = h.doc_id WHERE h.action = 'issue' AND
    date(h.at, 'unixepoch', 'localtime') != d.doc_date")" 0

# --- the queues of the demo accounts ----------------------------------------
start_server "$D" || exit 1
total() { api GET "/api/v1/documents?box=$1" >/dev/null; body | jq -r .total; }
summaries() { api GET "/api/v1/documents?box=$1" >/dev/null;
    body | jq -r '.items[].summary'; }

TOKEN=$(token vanthu "$PW")
is "the clerk has 2 documents to register" "$(total to_register)" 2
has "  ... one of them the chairman's conclusions" "$(summaries to_register)" \
    "Thông báo kết luận của Chủ tịch UBND tỉnh"
is "the clerk has 1 approved draft to number" "$(total to_issue)" 1
is "the body received 16 documents this year and before" "$(total incoming)" 16

TOKEN=$(token lanhdao "$PW")
is "the leader has 2 registered documents to direct" "$(total to_direct)" 2
has "  ... among them the Department of Finance's" "$(summaries to_direct)" \
    "lập dự toán kinh phí ứng dụng công nghệ thông tin năm 2027"
has "the leader has the plan for 2027 to approve" "$(summaries to_review)" \
    "Kế hoạch chuyển đổi số của Sở Thông tin và Truyền thông năm 2027"

TOKEN=$(token chuyenvien "$PW")
is "the specialist has 3 documents to handle" "$(total to_handle)" 3
is "  ... one of them overdue" "$(total overdue)" 1
has "  ... the paperless meetings letter" "$(summaries overdue)" \
    "nền tảng họp không giấy tờ"
web_login chuyenvien "$PW" "$T/jar" >/dev/null
page=$(curl -s -b "$T/jar" "$BASE/van-ban?box=to_handle")
is "the page of work to handle marks one deadline as passed" \
    "$(printf '%s' "$page" | grep -o 'tag late">Quá hạn' | wc -l)" 1
has "  ... the paperless meetings letter's" \
    "$(printf '%s' "$page" | grep -o 'nền tảng họp không giấy tờ[^<]*</a></td>\(<td[^>]*>[^<]*</td>\)\{3\}<td class="date" data-label="Hạn xử lý">[^<]*<span class="tag late">')" \
    "nền tảng họp"
has "her home page counts her work, the overdue marked" \
    "$(curl -s -b "$T/jar" "$BASE/")" \
    '<a href="/van-ban?box=overdue" class="late"><span class="n">1</span> Quá hạn</a>'
web_login lanhdao "$PW" "$T/jar2" >/dev/null
page=$(curl -s -b "$T/jar2" "$BASE/")
has "the leader's home page counts 2 documents to direct" "$page" \
    '<a href="/van-ban?box=to_direct"><span class="n">2</span> Chờ chỉ đạo</a>'
case $page in
*'box=to_register'*) not_ok "  ... and shows no clerk's queue" ;;
*) ok "  ... and shows no clerk's queue" ;;
esac
DONE=$(sqlite3 "$D/congso.db" "SELECT id FROM documents WHERE summary LIKE
    'Về việc rà soát, cập nhật tài khoản%'")
has "the handler's open document offers its steps" \
    "$(curl -s -b "$T/jar" "$BASE/van-ban/$(sqlite3 "$D/congso.db" "SELECT id
    FROM documents WHERE notation LIKE '%/VPUBND-KGVX' AND state =
    'issued'")")" "<h2>Xử lý</h2>"
page=$(curl -s -b "$T/jar" "$BASE/van-ban/$DONE")
has "the document she finished shows its history" "$page" "Hoàn thành xử lý"
case $page in
*"<h2>Xử lý</h2>"*) not_ok "  ... and no empty heading of steps" ;;
*) ok "  ... and no empty heading of steps" ;;
esac
CCHC=$(sqlite3 "$D/congso.db" "SELECT id FROM documents WHERE summary LIKE
    'Về việc báo cáo kết quả thực hiện cải cách hành chính%'")
has "a reply begun from a document goes back to its sender" \
    "$(curl -s -b "$T/jar" "$BASE/van-ban/moi?tra-loi=$CCHC")" \
    'placeholder="UBND phường Cam Giá">Sở Nội vụ</textarea>'
WF=$(sqlite3 "$D/congso.db" "SELECT id FROM doc_workfiles")
page=$(curl -s -b "$T/jar" "$BASE/van-ban/$CCHC")
has "a document's page offers the body's open work files" "$page" \
    "<option value=\"$WF\">CĐS-$Y-01 — "
C=$(csrf "$T/jar")
is "  ... and puts it in the one chosen (303)" "$(curl -s -o /dev/null \
    -w '%{http_code}' -b "$T/jar" --data-urlencode "_csrf=$C" \
    --data-urlencode "workfile=$WF" "$BASE/van-ban/$CCHC/ho-so")" 303
page=$(curl -s -b "$T/jar" "$BASE/van-ban/$CCHC")
has "  ... which its page then links" "$page" "<a href=\"/ho-so/$WF\">CĐS-$Y-01"
case $page in
*"<option value=\"$WF\">"*) not_ok "  ... and no longer offers" ;;
*) ok "  ... and no longer offers" ;;
esac
is "  ... the work file holds 5 documents" "$(sqlite3 "$D/congso.db" \
    "SELECT count(*) FROM doc_workfile_docs WHERE workfile_id = $WF")" 5
page=$(curl -s -b "$T/jar" --data-urlencode "_csrf=$C" \
    --data-urlencode "workfile=999999" "$BASE/van-ban/$CCHC/ho-so")
has "a work file that is not the body's is refused, on the page" "$page" \
    'role="alert"'
is "  ... and nothing changes" "$(sqlite3 "$D/congso.db" \
    "SELECT count(*) FROM doc_workfile_docs")" 5
api GET "/api/v1/documents?box=drafts" >/dev/null
is "the specialist's draft returned for changes is among the drafts" \
    "$(body | jq -r '[.items[] | select(.state == "returned")] | length')" 1
api GET /api/v1/workfiles >/dev/null
has "the specialist has a work file" "$(body)" "CĐS-$Y-01"
api GET "/api/v1/documents?q=hop+khong+giay+to" >/dev/null
is "search without diacritics finds both paperless meetings letters" \
    "$(body | jq -r .total)" 2
MEET=$(sqlite3 "$D/congso.db" "SELECT id FROM documents WHERE notation LIKE
    '%/VPUBND-KGVX' AND state = 'issued'")
api GET "/api/v1/documents/$MEET/history" >/dev/null
is "its history runs from the draft to the work file" \
    "$(body | jq -r '[.items[].action] | join(" ")')" \
    "create submit approve issue register direct workfile"

# --- the register as a PDF ------------------------------------------------------
# A year of letters received, enough for the register to run over pages.
for i in $(seq 1 60); do
	printf '{"unit":"000.00.05.H55","direction":"in","type":"CV","number":%d,"notation":"%d/UBND-KT","date":"%s-01-%02d","summary":"Công văn số %d về việc báo cáo tình hình ứng dụng công nghệ thông tin và chuyển đổi số của các cơ quan, đơn vị trên địa bàn tỉnh","from":"000.00.00.H55"}\n' \
	    "$i" "$i" "$Y" $(( (i % 28) + 1 )) "$i"
done >"$T/many.jsonl"
"$CONGSO" doc import --data "$D" "$T/many.jsonl" >/dev/null 2>&1
is "60 more letters received come in (the server running)" "$?" 0

RIN=$(sqlite3 "$D/congso.db" "SELECT id FROM doc_registers WHERE unit_id = $SO
    AND direction = 'in'")
TOKEN=$(token vanthu "$PW")
is "the incoming register downloads as PDF" \
    "$(curl -s -o "$T/in.pdf" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/registers/$RIN/pdf")" 200
pages=$(pdfinfo "$T/in.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
check "  ... over several pages (${pages:-0})" test "${pages:-0}" -ge 3
last=$(pdftotext -f "$pages" -l "$pages" -layout "$T/in.pdf" - 2>/dev/null)
has "  ... the columns' head repeated on the last page" "$last" "Số, ký hiệu"
has "  ... their numbers too" "$last" "(9)"
has "  ... and the last entries there" "$last" "Công văn số 60 về"
all=$(pdftotext -layout "$T/in.pdf" - 2>/dev/null | grep -oE 'Công văn số [0-9]+ về')
is "  ... every entry once: the 60 letters" \
    "$(printf '%s\n' "$all" | sort -u | wc -l):$(printf '%s\n' "$all" | wc -l)" "60:60"

# --- life goes on from the demo -------------------------------------------------
TOKEN=$(token vanthu "$PW")
DRAFT=$(sqlite3 "$D/congso.db" "SELECT id FROM documents WHERE state =
    'approved'")
is "the clerk issues the approved draft" \
    "$(api POST "/api/v1/documents/$DRAFT/issue" '{}')" 200
is "  ... as the next letter of the register: $NEXT" \
    "$(body | jq -r .notation)" "$NEXT/STTTT-CNTT"
api POST "/api/v1/documents/$(sqlite3 "$D/congso.db" "SELECT id FROM
    documents WHERE summary LIKE 'Thông báo kết luận%'")/register" '{}' \
    >"$T/code"
is "the clerk registers the chairman's conclusions" "$(cat "$T/code")" 200
TOKEN=$(token lanhdao "$PW")
is "  ... which the leader now has to direct" "$(total to_direct)" 3

# --- a person of another unit ------------------------------------------------------
TOKEN=$(token motcua "$PW")
api GET "/api/v1/documents?q=thu+dien+tu+cong+vu+cap+xa" >/dev/null
has "Đồng Hỷ finds the letter Sở TTTT sent it" "$(body)" \
    "triển khai thư điện tử công vụ cho cán bộ, công chức cấp xã"
is "  ... but not the paperless meetings letter (403)" \
    "$(api GET "/api/v1/documents/$MEET")" 403
api GET "/api/v1/documents?q=hop+khong+giay+to" >/dev/null
is "  ... nor finds it by search" "$(body | jq -r .total)" 0

# --- make demo's script -----------------------------------------------------------
stop_server
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
port=$((20000 + ($$ * 11 + 977) % 30000))
CONGSO=$CONGSO CONGSO_DEMO_DATA=$T/dd CONGSO_LISTEN=127.0.0.1:$port \
    sh "$ROOT/scripts/demo.sh" >"$T/demo.log" 2>&1 &
DEMO_PID=$!
n=0
while [ $n -lt 300 ] && ! curl -fs "http://127.0.0.1:$port/healthz" \
    >/dev/null 2>&1; do
	kill -0 "$DEMO_PID" 2>/dev/null || break
	sleep 0.1
	n=$((n + 1))
done
is "make demo's script serves the demo province" \
    "$(curl -fs "http://127.0.0.1:$port/healthz")" ok
is "  ... with its documents loaded" "$(sqlite3 "$T/dd/congso.db" \
    "SELECT count(*) > 30 FROM documents")" 1
# Documents from Nghệ An through the exchange (scripts/demo_exchange.sh).
BASE=http://127.0.0.1:$port
TOKEN=$(token vanthu "$PW")
api GET "/api/v1/documents?box=to_register&limit=100" >/dev/null
is "  ... and three documents from Nghệ An waiting for the clerk" \
    "$(body | jq '[.items[] | select(.issuer_code == "000.00.05.H41")] | length')" 3
has "  ... among them its letter on the LGSP" "$(body | jq -r '.items[].summary')" \
    "phối hợp kết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"
NA2=$(body | jq '[.items[] | select(.notation | startswith("327/"))][0].id')
J=$T/vt.jar
web_login vanthu "$PW" "$J" >/dev/null
has "  ... whose history says it came through the exchange" \
    "$(curl -s -b "$J" "$BASE/van-ban/$NA2")" "Nhận qua liên thông"
K=$T/dd/lien-thong-mau
check "  ... each package signed: xmlsec1 verifies it with the demo's CA" \
    xmlsec1 --verify --trusted-pem "$K/ca.pem" --enabled-reference-uris empty \
    "$K/goi/2-ky.edxml"
sed 's/327/328/' "$K/goi/2-ky.edxml" >"$T/tampered.edxml"
check "  ... and congso refuses it once a byte of the header changes" \
    sh -c '! "$1" exchange import --data "$2" "$3" 2>"$4"' sh "$CONGSO" "$T/dd" \
    "$T/tampered.edxml" "$T/tampered.err"
has "  ... saying why" "$(cat "$T/tampered.err")" "Chữ ký số của gói không còn nguyên vẹn"
truncate -s 257M "$T/big.edxml"
check "  ... nor a file over a package's limit (256 MB)" \
    sh -c '! "$1" exchange import --data "$2" "$3" 2>"$4"' sh "$CONGSO" "$T/dd" \
    "$T/big.edxml" "$T/big.err"
has "  ... saying so" "$(cat "$T/big.err")" "quá 256 MB"
rm -f "$T/big.edxml"
failed01() {
	[ "$(sqlite3 "$T/dd/congso.db" "SELECT count(*) FROM exchange_packages
	    WHERE direction = 'out' AND kind = 'status' AND status_code = '01'
	    AND state = 'failed' AND last_error LIKE '%congso peer add%'")" = 3 ]
}
n=0
while ! failed01 && [ $n -lt 200 ]; do sleep 0.1; n=$((n + 1)); done
check "  ... its status 01 to Nghệ An fails for want of a peer, saying how to add one" \
    failed01
# Dossiers of the one-stop office (congso svc demo, tested in
# cli_svc_demo.sh).
TOKEN=$(token motcua "$PW")
api GET "/api/v1/services/dossiers?box=all" >/dev/null
is "  ... and the one-stop officer's twelve dossiers" "$(body | jq -r .total)" 12
kill "$DEMO_PID" 2>/dev/null
wait "$DEMO_PID" 2>/dev/null

finish
