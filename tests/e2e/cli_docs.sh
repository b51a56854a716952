#!/bin/sh
# cli_docs.sh - `congso doc import` and `congso doc search` as a province
# moving from its old system uses them, on the Thái Nguyên demo: a file
# with good and bad lines (each bad one reported with its line number and
# reason, nothing of it left behind), attachments stored by hash and their
# text extracted later by the job, numbers of the registers moving past
# the imported ones, a run stopped half way (--max-lines, then kill -9)
# resuming without duplicates, and search from the command line giving
# what the same person finds on the web.
#
#   CONGSO=build/congso sh tests/e2e/cli_docs.sh
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
D=$T/d

"$CONGSO" init --data "$D" --demo thai-nguyen >/dev/null 2>&1
if ! "$CONGSO" help doc >/dev/null 2>&1; then
	echo "# skip: congso doc is not wired into this build"
	finish
	exit $?
fi

SO=000.00.05.H55	# Sở Thông tin và Truyền thông (vanthu, chuyenvien)
TINH=000.00.00.H55	# UBND tỉnh
XA=000.21.41.H55	# UBND phường Cam Giá
Y=$(date +%Y)

mkdir -p "$T/old/tep"
mkpdf "$T/old/tep/qd12.pdf" "Ke hoach ha tang so cua tinh Thai Nguyen"
printf 'MZ\220\0 not a document' >"$T/old/tep/virus.pdf"

# --- a file with good and bad lines -----------------------------------------
cat >"$T/old/vanban.jsonl" <<EOF
{"unit":"$SO","direction":"out","type":"QĐ","number":12,"notation":"12/QĐ-STTTT","date":"$Y-01-15","summary":"Quyết định phê duyệt Kế hoạch hạ tầng số năm $Y","signer":"Nguyễn Văn Hùng","to":["$XA","Bộ Thông tin và Truyền thông"],"urgency":"khan","files":["tep/qd12.pdf"]}
{"unit":"$SO","direction":"in","type":"CV","number":125,"notation":"125/UBND-KT","date":"$Y-01-16","summary":"Công văn về việc báo cáo tình hình ứng dụng công nghệ thông tin","signer":"Trịnh Việt Hùng","from":"$TINH","urgency":"thuong"}
{"unit":"$SO","direction":"in","type":"TB","number":7,"notation":"07/TB-BTTTT","date":"$Y-01-20","summary":"Thông báo kết luận của Bộ trưởng về chuyển đổi số","from":"Bộ Thông tin và Truyền thông","received_on":"$Y-01-22"}

{"unit":"$SO","direction":"in","type":"XX","number":1,"notation":"1/XX","date":"$Y-01-16","summary":"Loại không có","from":"$TINH"}
đây không phải JSON
{"unit":"$SO","direction":"out","type":"QĐ","number":13,"notation":"13/QĐ-STTTT","date":"$Y-01-17"}
{"unit":"000.99.05.H55","direction":"out","type":"QĐ","number":14,"date":"$Y-01-17","summary":"Đơn vị không có"}
{"unit":"$SO","direction":"out","type":"QĐ","number":15,"date":"$Y-01-18","summary":"Nơi nhận không có","to":"000.77.41.H55"}
{"unit":"$SO","direction":"out","type":"QĐ","number":16,"date":"$Y-01-18","summary":"Văn bản mật","confidentiality":"Tối mật"}
{"unit":"$SO","direction":"out","type":"QĐ","number":17,"date":"$Y-01-18","summary":"Tệp bị từ chối","files":["tep/virus.pdf"]}
{"unit":"$SO","direction":"out","type":"QĐ","number":12,"notation":"12/QĐ-STTTT","date":"$Y-01-15","summary":"Trùng văn bản đã nhập"}
{"unit":"$SO","direction":"out","type":"Quyết định","number":18,"date":"$Y-01-19","summary":"Quyết định thành lập Tổ công tác chuyển đổi số","to":"$XA"}
EOF
"$CONGSO" doc import --data "$D" "$T/old/vanban.jsonl" >"$T/out" 2>"$T/err"
rc=$?
is "an import with refused lines exits 2" "$rc" 2
has "  ... and says how many went in" "$(cat "$T/out")" "Đã nhập 4 văn bản; 8 dòng bị từ chối"
err=$(cat "$T/err")
has "an unknown type is reported with its line" "$err" "dòng 5: không có loại văn bản 'XX'"
has "a line that is not JSON is reported" "$err" "dòng 6: không phải JSON hợp lệ"
has "a missing summary is reported" "$err" "dòng 7: thiếu trích yếu (summary)"
has "an unknown unit is reported" "$err" "dòng 8: không có đơn vị mã 000.99.05.H55"
has "an unknown recipient code of the province is reported" "$err" "dòng 9: không có đơn vị mã 000.77.41.H55 trong tỉnh (to)"
has "a state secret is refused" "$err" "dòng 10: Hệ thống không xử lý văn bản mật"
has "a file of a refused type is reported" "$err" "dòng 11: tệp $T/old/tep/virus.pdf: chỉ nhận PDF"
has "a document already in the register is refused" "$err" "dòng 12: văn bản đi 12/QĐ-STTTT ngày $Y-01-15 đã có trong sổ"
is "the blank line is not reported" "$(grep -c '^dòng 4:' "$T/err")" 0
is "  ... and nothing of a refused line is stored (one blob: the PDF)" \
    "$(sqlite3 "$D/congso.db" "SELECT count(*) FROM blobs")" 1
has "the notation of a line without one is made as the decree says" \
    "$("$CONGSO" doc search --data "$D" --as chuyenvien to cong tac chuyen doi so 2>/dev/null)" "18/QĐ-STTTT"
out=$("$CONGSO" doc import --data "$D" "$T/old/vanban.jsonl" 2>&1)
has "the same file again is not imported twice" "$out" "đã được nhập xong trước đây: 4 văn bản, 8 dòng bị từ chối"

# --- search from the command line ---------------------------------------------
out=$("$CONGSO" doc search --data "$D" --as chuyenvien ha tang so 2>/dev/null)
has "search without diacritics finds the imported Quyết định" "$out" "12/QĐ-STTTT"
is "  ... one line, tab-separated: id, notation, date, type, issuer, summary" \
    "$(printf '%s\n' "$out" | cut -f2,3,4 | head -n 1)" "12/QĐ-STTTT	$Y-01-15	Quyết định"
out=$("$CONGSO" doc search --data "$D" --as chuyenvien --json "cong nghe thong tin")
is "--json prints the documents found" "$(printf '%s' "$out" | jq -r '.items[0].notation')" "125/UBND-KT"
is "  ... an incoming one, registered and done" "$(printf '%s' "$out" | jq -r '.items[0].receipt_state')" done
is "  ... issued by the unit the code names" "$(printf '%s' "$out" | jq -r '.items[0].issuer_name')" "UBND tỉnh Thái Nguyên"
out=$("$CONGSO" doc search --data "$D" --as motcua --json "ha tang so")
is "someone of another unit does not find it" "$(printf '%s' "$out" | jq .total)" 0
"$CONGSO" doc search --data "$D" --as nobody ha tang >/dev/null 2>"$T/err"
is "an unknown person is refused (exit 2)" "$?:$(grep -c 'không có người dùng' "$T/err")" "2:1"
"$CONGSO" doc search --data "$D" --as chuyenvien -- "--" >/dev/null 2>"$T/err"
is "a query without a word is refused (exit 2)" "$?" 2

# --- resuming ------------------------------------------------------------------
awk -v y="$Y" -v so="$SO" 'BEGIN {
	for (i = 1; i <= 3000; i++)
		printf "{\"unit\":\"%s\",\"direction\":\"in\",\"type\":\"CV\",\"number\":%d,\"notation\":\"%d/UBND-VP\",\"date\":\"%d-02-01\",\"summary\":\"Công văn số %d về việc triển khai dịch vụ công trực tuyến\",\"from\":\"000.00.00.H55\"}\n", so, i, i, y, i
}' >"$T/big.jsonl"
"$CONGSO" doc import --data "$D" --batch 100 --max-lines 1000 "$T/big.jsonl" >"$T/out" 2>"$T/err"
is "--max-lines stops after that many lines (exit 0)" "$?" 0
has "  ... and says where it stopped" "$(cat "$T/err")" "Đã dừng sau dòng 1000"
"$CONGSO" doc import --data "$D" --batch 100 "$T/big.jsonl" >"$T/out" 2>"$T/err"
is "running it again finishes the file (exit 0)" "$?" 0
has "  ... resuming after the last committed line" "$(cat "$T/err")" "Tiếp tục sau dòng 1000"
has "  ... with every line in once" "$(cat "$T/out")" "Đã nhập 3000 văn bản; 0 dòng bị từ chối"
total=$("$CONGSO" doc search --data "$D" --as vanthu --json --limit 1 "dich vu cong truc tuyen" | jq .total)
is "the unit holds 3000 of them, no duplicates" "$total" 3000
# Thirty batches wrote thirty segments of the search index; the import
# merged them at its end (four or more on a level), leaving at most three
# on each of its two levels.
segs=$(sqlite3 "$D/congso.db" "SELECT count(DISTINCT segid) FROM docs_fts_idx")
check "  ... and merged the search index's segments at its end ($segs left)" \
    test "$segs" -le 6

awk -v y="$Y" -v so="$SO" 'BEGIN {
	for (i = 1; i <= 20000; i++)
		printf "{\"unit\":\"%s\",\"direction\":\"out\",\"type\":\"TB\",\"number\":%d,\"date\":\"%d-03-01\",\"summary\":\"Thông báo số %d về lịch tiếp công dân định kỳ\",\"to\":[\"%s\"]}\n", so, i, y - 1, i, "000.21.41.H55"
}' >"$T/crash.jsonl"
"$CONGSO" doc import --data "$D" --batch 500 "$T/crash.jsonl" >/dev/null 2>&1 &
pid=$!
sleep 0.7
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$CONGSO" doc import --data "$D" --batch 500 "$T/crash.jsonl" >"$T/out" 2>"$T/err"
is "after kill -9, running again finishes (exit 0)" "$?" 0
has "  ... resuming after the last batch committed" "$(cat "$T/err")" "Tiếp tục sau dòng"
has "  ... and counts every line once" "$(cat "$T/out")" "Đã nhập 20000 văn bản; 0 dòng bị từ chối"
total=$("$CONGSO" doc search --data "$D" --as vanthu --json --limit 1 "lich tiep cong dan" | jq .total)
is "  ... 20000 documents, none twice" "$total" 20000

# --- the server: registers go on, the job extracts text, the web agrees ----
start_server "$D" || exit 1
TOKEN=$(token chuyenvien $PW)
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":"Quyết định sau khi nhập dữ liệu cũ"}')
DOC=$(body | jq .id)
api POST /api/v1/documents/$DOC/submit >/dev/null
TOKEN=$(token lanhdao $PW); api POST /api/v1/documents/$DOC/approve >/dev/null
TOKEN=$(token vanthu $PW); api POST /api/v1/documents/$DOC/issue >/dev/null
is "the next Quyết định issued follows the imported ones" "$(body | jq -r .notation)" "19/QĐ-STTTT"
TOKEN=$(token chuyenvien $PW)
n=0
while [ $n -lt 50 ]; do
	api GET "/api/v1/documents?q=thai%20nguyen%20ke%20hoach%20ha%20tang" >/dev/null
	[ "$(body | jq .total)" = 1 ] && break
	sleep 0.1; n=$((n + 1))
done
is "the imported PDF's text is extracted by the job and searched" "$(body | jq -r '.items[0].notation')" "12/QĐ-STTTT"
api GET "/api/v1/documents?q=chuyen%20doi%20so&limit=50" >/dev/null
web=$(body | jq -r '[.items[].id] | join(" ")')
cli=$("$CONGSO" doc search --data "$D" --as chuyenvien --json --limit 50 chuyen doi so | jq -r '[.items[].id] | join(" ")')
is "the command line finds what the web finds, in the same order" "$cli" "$web"
TOKEN=$(token motcua $PW)
api GET "/api/v1/documents?q=chuyen%20doi%20so" >/dev/null
is "  ... and so for someone of another unit" "$(body | jq .total)" \
    "$("$CONGSO" doc search --data "$D" --as motcua --json chuyen doi so | jq .total)"
stop_server
"$CONGSO" audit verify --data "$D" >/dev/null 2>&1 && ok "the audit chain is intact" || not_ok "the audit chain is intact"

finish
