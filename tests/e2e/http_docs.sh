#!/bin/sh
# End to end over HTTP: official documents. A specialist of Sở TTTT drafts
# a Quyết định for two communes, the leader returns it once and approves
# it, the clerk issues it as 01/QĐ-STTTT; one commune registers it, its
# leader directs it, the handler replies with a công văn and finishes; a
# person of a third unit cannot see it; secrets are refused; search works
# without diacritics; concurrent issuing gives consecutive numbers;
# attachments; bad input changes nothing.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
start_server "$T/d" || exit 1
TOKEN=$(token admin $PW)
if [ "$(api GET /api/v1/document-types)" = 404 ]; then
	echo "# skip: the documents module is not wired into congso serve"
	finish
	exit $?
fi

# People of three communes: clerk, leader and specialist of A, clerk of
# B, a specialist of C (unrelated to the document).
api GET "/api/v1/units?kind=commune&limit=3" >/dev/null
UA=$(body | jq '.items[0].id'); CODE_A=$(body | jq -r '.items[0].code')
UB=$(body | jq '.items[1].id'); CODE_B=$(body | jq -r '.items[1].code')
UC=$(body | jq '.items[2].id')
NAME_A=$(body | jq -r '.items[0].name')
person() {	# USERNAME FULL_NAME UNIT ROLE
	api POST /api/v1/people "{\"username\":\"$1\",\"full_name\":\"$2\",\"unit_id\":$3,\"roles\":[\"$4\"]}" >/dev/null
	body | jq .id
	printf '%s\n' "$PW" | "$CONGSO" user passwd "$1" --data "$T/d" >/dev/null 2>&1
}
person vt.a "Đỗ Thị Vân" "$UA" clerk >/dev/null
LD_A_ID=$(person ld.a "Ngô Văn Lực" "$UA" leader)
CV_A_ID=$(person cv.a "Trịnh Thu Trang" "$UA" specialist)
CO_A_ID=$(person co.a "Vũ Minh Phương" "$UA" specialist)
person vt.b "Mai Thị Bình" "$UB" clerk >/dev/null
person cv.c "Lý Văn Cường" "$UC" specialist >/dev/null

CV=$(token chuyenvien $PW); LD=$(token lanhdao $PW); VT=$(token vanthu $PW)
VTA=$(token vt.a $PW); LDA=$(token ld.a $PW); CVA=$(token cv.a $PW)
VTB=$(token vt.b $PW); CVC=$(token cv.c $PW)
is "commune people sign in" "${#CVC}" 32
as() { TOKEN=$1; }

# --- outgoing: draft, return, approve, issue ----------------------------
as "$CV"
st=$(api POST /api/v1/documents "{\"type\":\"QĐ\",\"summary\":\"Quyết định ban hành Kế hoạch chuyển đổi số năm 2026\",\"content\":\"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.\",\"urgency\":\"khan\",\"recipients\":[\"$CODE_A\",$UB],\"external_recipients\":[{\"name\":\"Bộ Thông tin và Truyền thông\",\"code\":\"000.00.00.G12\"}]}")
is "the specialist creates a draft (201)" "$st" 201
DOC=$(body | jq .id)
SO_CODE=$(body | jq -r .issuer_code)
is "  ... in state draft" "$(body | jq -r .state)" draft
is "  ... with three recipients" "$(body | jq '.recipients | length')" 3
is "the specialist submits it (200)" "$(api POST /api/v1/documents/$DOC/submit)" 200
as "$VT"
is "the clerk cannot approve (403)" "$(api POST /api/v1/documents/$DOC/approve)" 403
is "the clerk cannot issue before approval (409)" "$(api POST /api/v1/documents/$DOC/issue)" 409
as "$LD"
is "returning needs a comment (422)" "$(api POST /api/v1/documents/$DOC/return '{}')" 422
st=$(api POST /api/v1/documents/$DOC/return '{"comment":"Ghi rõ phạm vi: toàn tỉnh"}')
is "the leader returns it with a comment (200)" "$st" 200
is "  ... state returned" "$(body | jq -r .state)" returned
as "$CV"
st=$(api PATCH /api/v1/documents/$DOC '{"summary":"Quyết định ban hành Kế hoạch chuyển đổi số tỉnh Thái Nguyên năm 2026"}')
is "the specialist edits the returned draft (200)" "$st" 200
is "  ... version 2" "$(body | jq .version)" 2
api GET /api/v1/documents/$DOC/versions >/dev/null
is "the first version is kept" "$(body | jq -r '.items[0].summary')" "Quyết định ban hành Kế hoạch chuyển đổi số năm 2026"
api POST /api/v1/documents/$DOC/submit >/dev/null
as "$LD"
is "the leader approves (200)" "$(api POST /api/v1/documents/$DOC/approve)" 200
is "  ... signer is the leader" "$(body | jq -r .signer)" "Hoàng Văn Thắng"
as "$VT"
st=$(api POST /api/v1/documents/$DOC/issue)
is "the clerk issues it (200)" "$st" 200
is "  ... as 01/QĐ-STTTT" "$(body | jq -r .notation)" "01/QĐ-STTTT"
is "  ... the outside recipient waits for the exchange" "$(body | jq -r '.recipients[2].state')" pending_exchange
st=$(api POST /api/v1/documents/$DOC/issue)
is "a second number for an issued document is refused (409)" "$st:$(body | jq -r .error.code)" "409:already_issued"

# work_rule_diff: rows where doc_work (sql/018, kept by triggers) and the
# rule it stands for (main or co-handler, not done, receipt directed)
# disagree, both ways; and people whose kept count of open documents
# (doc_work_counts, sql/023) is not what counting the rule gives.
work_rule_diff() {
	sqlite3 "$T/d/congso.db" "
	    WITH rule AS (SELECT a.person_id, d.urgency, y.doc_id, y.id,
	      y.deadline FROM doc_assignments a JOIN doc_receipts y
	      ON y.id = a.receipt_id JOIN documents d ON d.id = y.doc_id
	      WHERE a.done_at IS NULL AND a.role IN ('main', 'co')
	      AND y.state = 'directed'),
	    kept AS (SELECT person_id, urgency, doc_id, receipt_id, deadline
	      FROM doc_work)
	    SELECT (SELECT count(*) FROM (SELECT * FROM rule EXCEPT
	      SELECT * FROM kept)) + (SELECT count(*) FROM (SELECT * FROM kept
	      EXCEPT SELECT * FROM rule))
	      + (SELECT count(*) FROM (SELECT person_id, count(*) AS n FROM
	      (SELECT DISTINCT person_id, urgency, doc_id FROM rule)
	      GROUP BY person_id EXCEPT SELECT person_id, n FROM doc_work_counts
	      WHERE n != 0))
	      + (SELECT count(*) FROM doc_work_counts c WHERE c.n != (SELECT
	      count(*) FROM (SELECT DISTINCT urgency, doc_id FROM rule r
	      WHERE r.person_id = c.person_id)))"
}

# --- incoming: register, direct, handle, reply, finish -------------------
as "$VTA"
api GET "/api/v1/documents?box=to_register" >/dev/null
is "the commune's clerk finds it in the queue to register" "$(body | jq '.items[0].id')" "$DOC"
st=$(api POST /api/v1/documents/$DOC/register '{}')
is "the clerk registers it (200)" "$st" 200
is "  ... incoming number 1" "$(body | jq .receipt.number)" 1
as "$VTB"
st=$(api POST /api/v1/documents/$DOC/refuse '{"reason":"Gửi nhầm đơn vị"}')
is "the other commune's clerk refuses it with a reason (200)" "$st:$(body | jq -r .receipt.state)" "200:refused"
as "$LDA"
api GET "/api/v1/documents?box=to_direct" >/dev/null
is "the commune's leader finds it to direct" "$(body | jq '.items[0].id')" "$DOC"
st=$(api POST /api/v1/documents/$DOC/direct "{\"direction\":\"Giao công chức Văn hóa chủ trì triển khai\",\"main\":$CV_A_ID,\"co\":[$CO_A_ID],\"deadline_days\":5}")
is "the leader directs it with a deadline in working days (200)" "$st" 200
DEADLINE=$(body | jq -r .receipt.deadline)
check "  ... the deadline is a date" test "${#DEADLINE}" -eq 10
is "  ... the main handler is assigned" "$(body | jq -r '.assignees[0].role')" main
is "  ... the handlers' open work holds it (main and co-handler), as the rule says" \
    "$(sqlite3 "$T/d/congso.db" "SELECT count(*) FROM doc_work WHERE doc_id = $DOC"):$(work_rule_diff)" "2:0"
as "$CVA"
api GET "/api/v1/documents?box=to_handle" >/dev/null
is "the handler finds it to handle" "$(body | jq '.items[0].id')" "$DOC"
is "the handler records progress (200)" "$(api POST /api/v1/documents/$DOC/progress '{"comment":"Đã xây dựng dự thảo kế hoạch của xã"}')" 200
st=$(api POST /api/v1/documents "{\"type\":\"CV\",\"division\":\"VP\",\"summary\":\"Báo cáo kết quả triển khai chuyển đổi số\",\"reply_to\":$DOC,\"recipients\":[\"$SO_CODE\"]}")
is "the handler drafts a reply linked to it (201)" "$st:$(body | jq .reply_to)" "201:$DOC"
REPLY=$(body | jq .id)
api POST /api/v1/documents/$REPLY/submit >/dev/null
as "$LDA"; api POST /api/v1/documents/$REPLY/approve >/dev/null
as "$VTA"; api POST /api/v1/documents/$REPLY/issue >/dev/null
has "the reply is a công văn numbered body-division" "$(body | jq -r .notation)" "01/UBND-VP"
as "$CVA"
is "the handler finishes (200)" "$(api POST /api/v1/documents/$DOC/finish '{"comment":"Hoàn thành"}')" 200
is "  ... state done" "$(body | jq -r .receipt.state)" done
is "  ... the receipt is done: neither handler's open work holds it any more" \
    "$(sqlite3 "$T/d/congso.db" "SELECT count(*) FROM doc_work WHERE doc_id = $DOC AND person_id = $CV_A_ID"):$(sqlite3 "$T/d/congso.db" "SELECT count(*) FROM doc_work WHERE doc_id = $DOC AND person_id = $CO_A_ID"):$(work_rule_diff)" "0:0:0"
api GET "/api/v1/documents?box=to_handle" >/dev/null
is "  ... and the same list asked again no longer holds it" "$(body | jq "[.items[].id] | index($DOC)")" null
api GET /api/v1/documents/$DOC/history >/dev/null
is "the history shows every step" "$(body | jq -r '[.items[].action] | join(",")')" \
    "create,submit,return,edit,submit,approve,issue,register,refuse,direct,progress,reply,finish"
as "$VT"
api GET "/api/v1/documents?box=incoming" >/dev/null
is "the reply reaches Sở TTTT" "$(body | jq '.items[0].id')" "$REPLY"

# --- visibility --------------------------------------------------------------
as "$CVC"
is "a person of an unrelated unit gets 403" "$(api GET /api/v1/documents/$DOC):$(body | jq -r .error.code)" 403:forbidden
is "  ... while a document that does not exist is 404" "$(api GET /api/v1/documents/999999999)" 404
api GET "/api/v1/documents?q=chuyen%20doi%20so" >/dev/null
is "  ... and does not find it in search" "$(body | jq .total)" 0
is "  ... nor its history (403)" "$(api GET /api/v1/documents/$DOC/history)" 403
is "  ... nor its versions (403)" "$(api GET /api/v1/documents/$DOC/versions)" 403
is "  ... nor record progress on it (403)" "$(api POST /api/v1/documents/$DOC/progress '{"comment":"x"}')" 403
api GET "/api/v1/documents?box=all&limit=200" >/dev/null
is "  ... and it is absent from their list" "$(body | jq "[.items[].id] | index($DOC)")" null
as "$CV"
api GET "/api/v1/documents?q=quyet%20dinh%20chuyen%20doi%20so" >/dev/null
is "search without diacritics finds the Quyết định" "$(body | jq -r '.items[0].notation')" "01/QĐ-STTTT"
api GET "/api/v1/documents?q=01%2FQ%C4%90-STTTT" >/dev/null
is "search by notation finds it" "$(body | jq '.items[0].id')" "$DOC"
api GET "/api/v1/documents?q=chuyen%20doi&type=CV" >/dev/null
is "a type filter narrows the search" "$(body | jq '[.items[].type.code] | unique | join(",")')" '"CV"'

# --- confidentiality and bad input ------------------------------------------
count_docs() { TOKEN=$CV; api GET "/api/v1/documents?limit=1" >/dev/null; body | jq .total; }
BEFORE=$(count_docs)
st=$(api POST /api/v1/documents '{"type":"CV","division":"VP","summary":"Tài liệu mật","confidentiality":"Mật"}')
is "a Mật document is refused (422)" "$st:$(body | jq -r .error.code)" "422:state_secret"
has "  ... saying state secrets are not handled here" "$(body | jq -r .error.message)" "bí mật nhà nước"
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":"x","confidentiality":"tuyet_mat"}')
is "a Tuyệt mật document is refused (422)" "$st" 422
st=$(api POST /api/v1/documents '{"type":"QĐ"}')
is "a missing summary is refused (422)" "$st:$(body | jq -r .error.field)" "422:summary"
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":"Thử","recipients":["000.99.99.H55"]}')
is "an unknown recipient code is refused (422)" "$st:$(body | jq -r .error.code)" "422:unknown_recipient"
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":"Thử","recipients":["Phòng Kế hoạch - Tài chính"]}')
is "a recipient's name that ten units bear is refused (422)" "$st:$(body | jq -r .error.code)" "422:ambiguous_recipient"
has "  ... asking for its code" "$(body | jq -r .error.message)" "ghi mã định danh"
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":"Thử","recipients":["UBND xã Không Có Thật"]}')
is "a name no unit bears is refused (422)" "$st:$(body | jq -r .error.message)" "422:Không có đơn vị nhận tên UBND xã Không Có Thật"
st=$(api POST /api/v1/documents '{"type":"XX","summary":"Thử"}')
is "an unknown type is refused (422)" "$st:$(body | jq -r .error.code)" "422:unknown_type"
st=$(api POST /api/v1/documents '{"type":"QĐ","summary":42}')
is "a wrong JSON type is refused (422)" "$st:$(body | jq -r .error.field)" "422:summary"
st=$(api POST /api/v1/documents '{"type":')
is "broken JSON is refused (400)" "$st:$(body | jq -r .error.code)" "400:invalid_json"
is "the refused requests created nothing" "$(count_docs)" "$BEFORE"
as "$CVC"
is "a specialist cannot issue (403)" "$(api POST /api/v1/documents/$DOC/issue)" 403
is "  ... with the error shape" "$(body | jq -r .error.code)" forbidden
as "$VT"
st=$(api POST /api/v1/incoming '{"type":"CV","issuer_name":"Bộ Quốc phòng","notation":"12/BQP-VP","date":"2026-01-05","summary":"Văn bản tối mật","confidentiality":"Tối mật"}')
is "a Tối mật incoming document is refused (422)" "$st:$(body | jq -r .error.code)" "422:state_secret"
st=$(api POST /api/v1/incoming '{"type":"CV","issuer_name":"Bộ Thông tin và Truyền thông","issuer_code":"000.00.00.G12","notation":"125/BTTTT-CĐSQG","number":125,"date":"2026-01-05","summary":"Hướng dẫn triển khai nền tảng số","urgency":"hoa_toc"}')
is "the clerk files a document from outside (201)" "$st" 201
EXT=$(body | jq .id)
api GET "/api/v1/documents?box=to_register" >/dev/null
is "a Hỏa tốc document heads the queue" "$(body | jq '.items[0].id')" "$EXT"

# --- concurrent issuing -------------------------------------------------------
N=30
as "$CV"
: >"$T/ids"
i=0
while [ $i -lt $N ]; do
	api POST /api/v1/documents "{\"type\":\"KH\",\"summary\":\"Kế hoạch số $i\"}" >/dev/null
	id=$(body | jq .id)
	echo "$id" >>"$T/ids"
	api POST /api/v1/documents/$id/submit >/dev/null
	i=$((i + 1))
done
as "$LD"
while read -r id; do api POST /api/v1/documents/$id/approve >/dev/null; done <"$T/ids"
pids=
while read -r id; do
	curl -s -o "$T/issue.$id" -X POST -H "Authorization: Bearer $VT" \
	    "$BASE/api/v1/documents/$id/issue" &
	pids="$pids $!"
done <"$T/ids"
for p in $pids; do wait "$p"; done
nums=$(cat "$T"/issue.* | jq -r .number | sort -n | tr '\n' ' ')
want=$(seq 1 $N | tr '\n' ' ')
is "$N concurrent issues get $N distinct consecutive numbers" "$nums" "$want"
has "  ... written in the notation" "$(cat "$T"/issue.* | jq -r .notation | sort | head -n 1)" "/KH-STTTT"

# --- attachments --------------------------------------------------------------
mkpdf "$T/bb.pdf" "Bien ban nghiem thu he thong quan ly van ban"
as "$CV"
api POST /api/v1/documents '{"type":"BB","summary":"Biên bản nghiệm thu","recipients":["'"$CODE_A"'"]}' >/dev/null
ADOC=$(body | jq .id)
upload() {	# TOKEN DOC FILE
	curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $1" \
	    -F "file=@$3" "$BASE/api/v1/documents/$2/files"
}
st=$(upload "$CV" "$ADOC" "$T/bb.pdf")
is "a PDF is attached with curl -F (201)" "$st" 201
FID=$(body | jq .id)
is "  ... stored by its SHA-256" "$(body | jq -r .sha256)" "$(sha256sum "$T/bb.pdf" | cut -d' ' -f1)"
st=$(upload "$CV" "$ADOC" "$T/bb.pdf")
is "the same file again is stored once, in the database (small)" "$(sqlite3 "$T/d/congso.db" "SELECT count(*), sum(length(data)) FROM blobs WHERE hash = '$(sha256sum "$T/bb.pdf" | cut -c1-64)'")" "1|$(wc -c <"$T/bb.pdf" | tr -d ' ')"
printf 'MZ\220\0 not a document' >"$T/x.exe"
st=$(upload "$CV" "$ADOC" "$T/x.exe")
is "a refused file type gets 415" "$st:$(body | jq -r .error.code)" "415:unsupported_type"
cp "$T/bb.pdf" "$T/fake.docx"
is "a PDF named .docx is refused" "$(upload "$CV" "$ADOC" "$T/fake.docx")" 415
# A clerk files a scanned document with its file in one request.
mkpdf "$T/scan.pdf" "Cong van so 77 cua Bo Tai chinh"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $VT" \
    -F type=CV -F "issuer_name=Bộ Tài chính" -F notation=77/BTC-NSNN \
    -F number=77 -F date=2026-01-06 -F "summary=Hướng dẫn dự toán ngân sách" \
    -F "file=@$T/scan.pdf;type=application/pdf" "$BASE/api/v1/incoming")
is "a clerk files a document and its scan at once (201)" "$st" 201
SCAN=$(body | jq .id)
is "  ... with the file attached" "$(body | jq -r '.files[0].filename')" scan.pdf
before=$(curl -s -H "Authorization: Bearer $VT" "$BASE/api/v1/documents?box=incoming&limit=1" | jq .total)
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $VT" \
    -F type=CV -F "issuer_name=Bộ Tài chính" -F notation=78/BTC-NSNN \
    -F date=2026-01-06 -F "summary=Kèm tệp không nhận" \
    -F "file=@$T/x.exe" "$BASE/api/v1/incoming")
is "a refused file refuses the whole filing (415)" "$st" 415
after=$(curl -s -H "Authorization: Bearer $VT" "$BASE/api/v1/documents?box=incoming&limit=1" | jq .total)
is "  ... and nothing is filed" "$after" "$before"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $VT" \
    -F type=CV -F "issuer_name=Bộ Tài chính" -F notation=79/BTC-NSNN \
    -F number=abc -F date=2026-01-06 -F "summary=Số sai" "$BASE/api/v1/incoming")
is "a number that is not one is refused (422)" "$st:$(body | jq -r .error.field)" "422:number"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CV" \
    "$BASE/api/v1/document-files/$FID")
is "the drafter downloads it (200)" "$st" 200
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CVC" \
    "$BASE/api/v1/document-files/$FID")
is "a person of an unrelated unit cannot download it (403)" "$st" 403
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $CVC" \
    "$BASE/api/v1/document-files/999999999")
is "  ... and a file that does not exist is 404" "$st" 404
curl -s -o "$T/got" -H "Authorization: Bearer $CV" "$BASE/api/v1/document-files/$FID"
check "  ... the small file, kept in the database, downloads byte for byte" cmp -s "$T/got" "$T/bb.pdf"
# Over blobs.inline_max (128 KiB) a file is kept under blobs/ instead.
mkpdf "$T/big.pdf" "Ho so thiet ke ky thuat"
head -c 200000 /dev/zero | tr '\0' ' ' >>"$T/big.pdf"
st=$(upload "$CV" "$ADOC" "$T/big.pdf")
BIGID=$(body | jq .id)
BH=$(sha256sum "$T/big.pdf" | cut -c1-64)
is "a 200 KB file is attached (201)" "$st" 201
is "  ... and kept as a file, not in the database" \
    "$(sqlite3 "$T/d/congso.db" "SELECT count(*) FROM blobs WHERE hash = '$BH' AND data IS NULL")" 1
check "  ... under blobs/" cmp -s "$T/d/blobs/$(printf %.2s "$BH")/$(printf %s "$BH" | cut -c3-4)/$BH" "$T/big.pdf"
curl -s -o "$T/got" -H "Authorization: Bearer $CV" "$BASE/api/v1/document-files/$BIGID"
check "  ... and downloads byte for byte" cmp -s "$T/got" "$T/big.pdf"
n=0
while [ $n -lt 50 ]; do
	TOKEN=$CV; api GET "/api/v1/documents/$ADOC" >/dev/null
	[ "$(body | jq -r '.files[0].text_state')" = done ] && break
	sleep 0.1; n=$((n + 1))
done
is "the PDF's text is extracted by a job" "$(body | jq -r '.files[0].text_state')" done
api GET "/api/v1/documents?q=he%20thong%20quan%20ly%20van%20ban" >/dev/null
is "search finds the document by its PDF's text" "$(body | jq '.items[0].id')" "$ADOC"

# --- registers, deadlines, work files ----------------------------------------
as "$VTA"
api GET /api/v1/registers >/dev/null
has "the commune has an incoming register" "$(body | jq -r '.items[].name')" "Sổ văn bản đến"
RIN=$(body | jq '.items[] | select(.direction == "in") | .id')
api GET "/api/v1/registers/$RIN" >/dev/null
is "the incoming register lists the document" "$(body | jq '.items[0].receipt.number')" 1
as "$LDA"
api GET "/api/v1/deadlines?scope=unit" >/dev/null
is "the deadlines answer has soon and overdue lists" "$(body | jq -c '[(.soon|type), (.overdue|type)]')" '["array","array"]'
# Reminders: the hourly job notifies the handlers of open work due within
# two working days, once a day each; finished work gets none.
as "$VT"
api POST /api/v1/documents/$SCAN/register '{}' >/dev/null
CV_ID=$(sqlite3 "$T/d/congso.db" "SELECT id FROM people WHERE username = 'chuyenvien'")
as "$LD"
st=$(api POST /api/v1/documents/$SCAN/direct "{\"direction\":\"Đồng chí Chuyên viên tham mưu\",\"main\":$CV_ID,\"deadline_days\":1}")
is "the leader gives the scanned document a deadline of one working day (200)" "$st" 200
remind() {	# make the queued reminder job due now; wait for it to run
	sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "UPDATE jobs SET run_at = 0 WHERE kind = 'docs.remind' AND state = 'queued'"
	n=0
	while [ $n -lt 50 ] && [ "$(sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "SELECT count(*) FROM jobs WHERE kind = 'docs.remind' AND state = 'queued' AND run_at > 0")" = 0 ]; do
		sleep 0.1; n=$((n + 1))
	done
}
# The commune's finished receipt, given today as its deadline, stays quiet.
sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "UPDATE doc_receipts SET deadline = date('now') WHERE doc_id = $DOC AND state = 'done'"
remind
as "$CV"
api GET /api/v1/notifications >/dev/null
is "the handler is reminded of it: due soon" \
    "$(body | jq -r "[.items[] | select(.document == $SCAN) | .kind] | join(\",\")")" soon
has "  ... the reminder names the document" \
    "$(body | jq -r ".items[] | select(.document == $SCAN) | .message")" "77/BTC-NSNN: Hướng dẫn dự toán ngân sách — sắp đến hạn xử lý"
remind
api GET /api/v1/notifications >/dev/null
is "  ... once a day, however often the job runs" \
    "$(body | jq "[.items[] | select(.document == $SCAN)] | length")" 1
as "$CVA"
api GET /api/v1/notifications >/dev/null
is "finished work gets no reminder" "$(body | jq "[.items[] | select(.document == $DOC)] | length")" 0

as "$VTA"
st=$(api POST /api/v1/workfiles '{"code":"01.CĐS","title":"Hồ sơ chuyển đổi số năm 2026","retention":"10 năm"}')
is "a work file is created (201)" "$st" 201
WF=$(body | jq .id)
is "a visible document goes into it" "$(api POST /api/v1/workfiles/$WF/documents "{\"document_id\":$DOC}")" 200
is "  ... and is listed there" "$(body | jq '.items[0].id')" "$DOC"
is "a duplicate work file code is refused (409)" "$(api POST /api/v1/workfiles '{"code":"01.CĐS","title":"x","retention":"5 năm"}')" 409
is "the work file closes" "$(api POST /api/v1/workfiles/$WF/close)" 200
is "a closed work file takes no more documents (409)" "$(api POST /api/v1/workfiles/$WF/documents "{\"document_id\":$EXT}")" 409

# --- pages ----------------------------------------------------------------------
J="$T/cv.jar"
is "the specialist signs in on the web (303)" "$(web_login chuyenvien $PW "$J")" 303
page=$(curl -s -b "$J" "$BASE/van-ban/$DOC")
has "the document page shows the notation" "$page" "01/QĐ-STTTT"
has "  ... and its history" "$page" "Quá trình xử lý"
has "  ... with the leader's return comment" "$page" "Ghi rõ phạm vi: toàn tỉnh"
page=$(curl -s -b "$J" "$BASE/van-ban?q=quyet+dinh+chuyen+doi+so")
has "the search page finds it without diacritics" "$page" "01/QĐ-STTTT"
C=$(csrf "$J")
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" --data-urlencode "_csrf=$C" \
    --data-urlencode "type=TB" --data-urlencode "summary=Thông báo lịch trực Tết" \
    --data-urlencode "recipients=$CODE_A" "$BASE/van-ban/moi")
is "the drafting form creates a draft (303)" "$st" 303
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
    --data-urlencode "type=TB" --data-urlencode "summary=Không CSRF" "$BASE/van-ban/moi")
is "  ... but not without the CSRF token (403)" "$st" 403
page=$(curl -s -b "$J" "$BASE/van-ban?box=drafts")
has "the new draft is in the specialist's drafts" "$page" "Thông báo lịch trực Tết"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$J" --data-urlencode "_csrf=$C" \
    --data-urlencode "type=TB" --data-urlencode "summary=Thông báo chọn nơi nhận theo tên" \
    --data-urlencode "recipients=UBND phường Cam Giá" \
    --data-urlencode "recipient=UBND huyện Đồng Hỷ" "$BASE/van-ban/moi")
has "recipients typed by name, and one chosen without the script, are kept" \
    "$(curl -s -b "$J" "$loc")" "UBND huyện Đồng Hỷ <span class=\"muted\">000.00.46.H55"
has "  ... both" "$(curl -s -b "$J" "$loc")" "UBND phường Cam Giá <span class=\"muted\">000.21.41.H55"
page=$(curl -s -b "$J" --data-urlencode "_csrf=$C" --data-urlencode "type=TB" \
    --data-urlencode "summary=Thông báo gửi nơi không có" \
    --data-urlencode "recipients=UBND xã Không Có Thật" "$BASE/van-ban/moi")
has "a refused draft's form says why" "$page" "Không có đơn vị nhận tên UBND xã Không Có Thật"
has "  ... and keeps what was typed" "$page" 'value="Thông báo gửi nơi không có"'
has "  ... the recipients too" "$page" ">UBND xã Không Có Thật</textarea>"
has "the drafting form offers the province's bodies to choose from" \
    "$(curl -s -b "$J" "$BASE/van-ban/moi")" '<option value="UBND huyện Đồng Hỷ">000.00.46.H55</option>'
J2="$T/vta.jar"
web_login vt.a $PW "$J2" >/dev/null
page=$(curl -s -b "$J2" "$BASE/van-ban?box=incoming")
has "the commune clerk's incoming page lists the decision" "$page" "01/QĐ-STTTT"
has "  ... with its date as DD/MM/YYYY" "$page" \
    "<td class=\"date\" data-label=\"Ngày\">$(sqlite3 "$T/d/congso.db" "SELECT strftime('%d/%m/%Y', doc_date) FROM documents WHERE id = $DOC")</td>"
page=$(curl -s -b "$J2" "$BASE/so-van-ban/$RIN")
has "the incoming register page has the decree's columns" "$page" "Số đến"
has "  ... and the document" "$page" "01/QĐ-STTTT"
has "  ... links its print stylesheet" "$page" '<link rel="stylesheet" href="/so-van-ban/in.css">'
has "  ... and its XLSX file" "$page" "/so-van-ban/$RIN/xlsx?nam="
YN=$(date +%Y)
has "  ... and leads back to the list of that year's registers" "$page" \
    "<a href=\"/so-van-ban?nam=$YN\">Sổ văn bản năm $YN</a>"
regs=$(curl -s -b "$J2" "$BASE/so-van-ban")
has "the registers page links to last year's (closed and printed in January)" \
    "$regs" "<a href=\"/so-van-ban?nam=$((YN - 1))\">← Năm $((YN - 1))</a>"
hasnt "  ... and to no year still to come" "$regs" "nam=$((YN + 1))"
regs=$(curl -s -b "$J2" "$BASE/so-van-ban?nam=$((YN - 1))")
has "last year's registers page has that year's title" "$regs" "<h1>Sổ văn bản năm $((YN - 1))</h1>"
has "  ... and links forward to this year" "$regs" \
    "<a href=\"/so-van-ban?nam=$YN\">Năm $YN →</a>"
css=$(curl -s -b "$J2" "$BASE/so-van-ban/in.css")
has "the print stylesheet prints A4 landscape" "$css" "size: A4 landscape"
has "  ... with ruled cells" "$css" "border: 1px solid #000"
st=$(curl -s -o "$T/in.xlsx" -w '%{http_code} %{content_type}' -b "$J2" \
    "$BASE/so-van-ban/$RIN/xlsx")
is "the incoming register downloads as XLSX from its page" "$st" \
    "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
xml=$(unzip -p "$T/in.xlsx" 2>/dev/null)
has "  ... a real workbook with the decree's title" "$xml" "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
has "  ... its columns" "$xml" "Tên loại và trích yếu nội dung"
has "  ... the document, by its notation" "$xml" "01/QĐ-STTTT"
has "  ... and who handles it" "$xml" "Trịnh Thu Trang"
has "the register page offers its PDF" "$page" "/so-van-ban/$RIN/pdf?nam="
st=$(curl -s -o "$T/in.pdf" -w '%{http_code} %{content_type}' -b "$J2" \
    "$BASE/so-van-ban/$RIN/pdf")
is "the incoming register downloads as PDF from its page" "$st" \
    "200 application/pdf"
is "  ... on A4 lying down" "$(pdfinfo "$T/in.pdf" 2>/dev/null |
    awk '/^Page size/ { print $3 "x" $5 }')" "842x595"
txt=$(pdftotext -layout "$T/in.pdf" - 2>/dev/null)
has "  ... whose text pdftotext reads: the decree's title" "$txt" "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
has "  ... the national motto" "$txt" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
has "  ... the numbered columns" "$txt" "(9)"
has "  ... the document, by its notation" "$txt" "01/QĐ-STTTT"
has "  ... and who handles it" "$txt" "Trịnh Thu Trang"
TOKEN=$VT
api GET /api/v1/registers >/dev/null
ROUT=$(body | jq '.items[] | select(.direction == "out") | select(.name | test("Quyết định")) | .id')
st=$(curl -s -o "$T/out.xlsx" -w '%{http_code}' -H "Authorization: Bearer $VT" \
    "$BASE/api/v1/registers/$ROUT/xlsx")
is "the outgoing register downloads as XLSX over the API" "$st" 200
xml=$(unzip -p "$T/out.xlsx" 2>/dev/null)
has "  ... with the decree's title" "$xml" "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
has "  ... the document and its recipients" "$xml" "01/QĐ-STTTT"
has "  ... its recipients" "$xml" "Bộ Thông tin và Truyền thông"
st=$(curl -s -o "$T/out.pdf" -w '%{http_code}' -H "Authorization: Bearer $VT" \
    "$BASE/api/v1/registers/$ROUT/pdf")
is "the outgoing register downloads as PDF over the API" "$st" 200
has "  ... with the decree's title" \
    "$(pdftotext -layout "$T/out.pdf" - 2>/dev/null)" "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
has "  ... the document" "$(pdftotext "$T/out.pdf" - 2>/dev/null)" "01/QĐ-STTTT"
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VTA" \
    "$BASE/api/v1/registers/$ROUT/xlsx")
is "  ... but not by another unit (404)" "$st" 404
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VTA" \
    "$BASE/api/v1/registers/$ROUT/pdf")
is "  ... nor its PDF (404)" "$st" 404
J3="$T/cvc.jar"
web_login cv.c $PW "$J3" >/dev/null
st=$(curl -s -o "$T/page" -w '%{http_code}' -b "$J3" "$BASE/van-ban/$DOC")
is "the document page is 403 for an unrelated unit" "$st" 403
has "  ... with a message in Vietnamese" "$(cat "$T/page")" "Bạn không được xem văn bản này"
page=$(curl -s -b "$J3" "$BASE/van-ban?q=quyet+dinh+chuyen+doi+so")
has "  ... and the search page does not list it" "$page" "Kết quả tìm kiếm: 0 văn bản"
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J3" "$BASE/van-ban/999999999")
is "a document page that does not exist is 404" "$st" 404
page=$(curl -s -b "$J" "$BASE/han-xu-ly")
has "the deadlines page answers" "$page" "Việc của tôi"
page=$(curl -s -b "$J2" "$BASE/ho-so/$WF")
has "the work file page lists its documents" "$page" "01/QĐ-STTTT"

# The totals the queues read equal what doc_access holds, after every
# kind of change above (issue, receipts, assignments, shares).
is "every reader's totals match their rows of doc_access" "$(sqlite3 "$T/d/congso.db" "
    SELECT count(*) FROM (SELECT viewer, count(*) c, sum((via & 2) != 0) i
      FROM doc_access GROUP BY viewer) a
    LEFT JOIN doc_access_counts b USING (viewer)
    WHERE b.n IS NOT a.c OR b.n_in IS NOT a.i")" 0
is "every person's open work (doc_work) is what the rule gives" "$(work_rule_diff)" 0
# Lists read a reader's page from their rows of doc_access alone, so
# those rows must be exactly who may see what (DOCS_VISIBLE): the issuing
# body, the receiving bodies, the people assigned, the people shared with.
is "every reader's rows of doc_access are what the visibility rule gives" "$(sqlite3 "$T/d/congso.db" "
    WITH rule(viewer, doc_id) AS (
      SELECT unit_id, id FROM documents WHERE unit_id IS NOT NULL
      UNION SELECT unit_id, doc_id FROM doc_receipts
      UNION SELECT -a.person_id, y.doc_id FROM doc_assignments a
        JOIN doc_receipts y ON y.id = a.receipt_id
      UNION SELECT -person_id, doc_id FROM doc_shares),
    kept AS (SELECT viewer, doc_id FROM doc_access)
    SELECT (SELECT count(*) FROM (SELECT * FROM rule EXCEPT SELECT * FROM kept))
      + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM rule))
      + (SELECT count(*) FROM doc_access v JOIN documents d ON d.id = v.doc_id
         WHERE v.urgency != d.urgency)")" 0
is "  ... and no reader has a total without rows" "$(sqlite3 "$T/d/congso.db" "
    SELECT count(*) FROM doc_access_counts b WHERE b.n != 0 AND NOT EXISTS
      (SELECT 1 FROM doc_access a WHERE a.viewer = b.viewer)")" 0
# own_diff: people whose kept n_out (their own rows of doc_access that
# their body does not also have: the "all" total's second half) is not
# what counting gives.
own_diff() {
	sqlite3 "$T/d/congso.db" "
	    SELECT count(*) FROM (SELECT -p.id AS viewer, (SELECT count(*)
	      FROM doc_access v WHERE v.viewer = -p.id AND NOT EXISTS
	      (SELECT 1 FROM doc_access b WHERE b.doc_id = v.doc_id
	      AND b.viewer = (SELECT CASE WHEN u.kind = 'division' AND
	      u.parent_id IS NOT NULL THEN u.parent_id ELSE u.id END
	      FROM units u WHERE u.id = p.unit_id))) AS want FROM people p) w
	    LEFT JOIN doc_access_counts c USING (viewer)
	    WHERE ifnull(c.n_out, 0) != w.want"
}
is "every person's count of own documents outside their body is kept right" "$(own_diff)" 0
all_len() {	# TOKEN: the length of the whole "all" list, and its total
	curl -s -H "Authorization: Bearer $1" "$BASE/api/v1/documents?box=all&limit=200" |
	    jq -r '"\(.items | length):\(.total)"'
}
l=$(all_len "$CVA")
is "  ... and the handler's \"all\" total is what the list holds" "${l#*:}" "${l%%:*}"
# The handler moves to commune C, which has nothing of the document
# assigned to them in commune A: it is now theirs alone, counted again;
# then back.
TOKEN=$(token admin $PW)
is "the handler moves to another commune (200)" "$(api PATCH /api/v1/people/$CV_A_ID "{\"unit_id\":$UC}")" 200
is "  ... their own documents outside the new body are counted again" \
    "$(sqlite3 "$T/d/congso.db" "SELECT n_out > 0 FROM doc_access_counts WHERE viewer = -$CV_A_ID"):$(own_diff)" "1:0"
CVA=$(token cv.a $PW)
l=$(all_len "$CVA")
is "  ... and their \"all\" total is still what the list holds" "${l#*:}" "${l%%:*}"
TOKEN=$(token admin $PW)
api PATCH /api/v1/people/$CV_A_ID "{\"unit_id\":$UA}" >/dev/null
is "  ... and back: nothing of theirs is outside their body" \
    "$(sqlite3 "$T/d/congso.db" "SELECT n_out FROM doc_access_counts WHERE viewer = -$CV_A_ID"):$(own_diff)" "0:0"
total=$(curl -s -H "Authorization: Bearer $VTA" "$BASE/api/v1/documents?box=incoming&limit=1" | jq .total)
is "  ... and the incoming total is what the list holds" "$total" \
    "$(curl -s -H "Authorization: Bearer $VTA" "$BASE/api/v1/documents?box=incoming&limit=200" | jq '.items | length')"
# Lists come most urgent first, then newest: pages read straight from the
# reader's keys are put in that order after they are read. Each list
# checked holds more than one urgency, so a wrong order shows.
in_order() {	# TOKEN QUERY: "true" when the items are in list order
	curl -s -H "Authorization: Bearer $1" "$BASE/api/v1/documents?$2" |
	    jq '[.items[] | [.urgency_rank, .id]] as $a |
	        $a == ($a | sort | reverse) and ([$a[][0]] | unique | length) > 1'
}
as "$VT"
for u in thuong khan thuong; do
	api POST /api/v1/incoming "{\"type\":\"CV\",\"issuer_name\":\"Bộ Tài chính\",\"notation\":\"7/BTC-NSNN\",\"date\":\"2026-01-06\",\"summary\":\"Hướng dẫn dự toán ngân sách ($u)\",\"urgency\":\"$u\"}" >/dev/null
done
is "the clerk's incoming list is most urgent first, then newest" "$(in_order "$VT" "box=incoming&limit=200")" true
is "  ... and so is everything they see" "$(in_order "$VT" "box=all&limit=200")" true
is "  ... and a page of it further on" "$(in_order "$VT" "box=all&limit=4&offset=1")" true
is "  ... and a search over everything they see" "$(in_order "$VT" "box=all&q=huong+dan&limit=200")" true
# A page's total comes with its rows; a page past the end has none and
# still the same total.
for b in all incoming; do
	t1=$(curl -s -H "Authorization: Bearer $VT" "$BASE/api/v1/documents?box=$b&limit=2" | jq .total)
	t2=$(curl -s -H "Authorization: Bearer $VT" "$BASE/api/v1/documents?box=$b&limit=2&offset=100000" | jq '"\(.items | length):\(.total)"')
	n=$(curl -s -H "Authorization: Bearer $VT" "$BASE/api/v1/documents?box=$b&limit=200" | jq '.items | length')
	is "the $b list's total is what it holds, on its first page and past its end" "$t1:$t2" "$n:\"0:$n\""
done

# A type an admin turns off is refused from the next filing on, though
# the server remembers types' ids: a change it makes ends what it
# remembered. Turned on again, it is taken again at once.
TOKEN=$(token admin $PW)
api GET /api/v1/document-types >/dev/null
TB=$(body | jq '[.items[]? // .[] | select(.code == "TB")][0].id')
file_tb() {	# NOTATION: the status of a Thông báo filed by vanthu
	curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $VT" \
	    -H 'Content-Type: application/json' -d "{\"type\":\"TB\",
	    \"issuer_name\":\"Sở Y tế\", \"notation\":\"$1\",
	    \"date\":\"2026-11-20\", \"summary\":\"Thông báo lịch trực\"}" \
	    "$BASE/api/v1/incoming"
}
is "a Thông báo is filed" "$(file_tb 31/TB-SYT)" 201
is "  ... the admin turns the type off" \
    "$(api PATCH /api/v1/document-types/$TB '{"active":false}')" 200
is "  ... the next one is refused at once" "$(file_tb 32/TB-SYT):$(body | jq -r .error.code)" \
    "422:unknown_type"
is "  ... the admin turns it on again" \
    "$(api PATCH /api/v1/document-types/$TB '{"active":true}')" 200
is "  ... and it is filed at once" "$(file_tb 33/TB-SYT)" 201
# The lists' choice of a type is kept between pages: a type renamed,
# then added, shows on the next page.
type_options() {
	curl -s -b "$J" "$BASE/van-ban?box=all" |
	    grep -o '<option value="[^"]*">[^<]*</option>' | grep -c "$1"
}
is "the lists offer the type Thông báo" "$(type_options '>Thông báo<')" 1
type_options '>Thông báo<' >/dev/null
is "  ... the admin renames it" "$(api PATCH /api/v1/document-types/$TB \
    '{"name":"Thông báo nội bộ"}')" 200
is "  ... the next page offers it by its new name" \
    "$(type_options '>Thông báo nội bộ<'):$(type_options '>Thông báo<')" "1:0"
is "  ... the admin adds a type" "$(api POST /api/v1/document-types \
    '{"code":"BCN","name":"Báo cáo nhanh","abbr":"BCN"}')" 201
is "  ... the next page offers it" "$(type_options '>Báo cáo nhanh<')" 1

# Every change is in the audit chain.
"$CONGSO" audit verify --data "$T/d" >/dev/null 2>&1 && ok "the audit chain is intact" || not_ok "the audit chain is intact"

finish
