#!/bin/sh
# End to end over HTTP: public services and the one-stop shop. A citizen
# signs in with the code that arrives by e-mail (Postfix's smtp-sink is
# the mail server), applies for a district procedure with a file, gets a
# dossier code of the right form; the one-stop officer of UBND huyện Đồng
# Hỷ asks once for a supplement, the citizen supplements, the officer
# receives it (appointment date in working days), transfers it to Sở
# TTTT, the specialist processes, the leader approves, the officer
# returns the result, the citizen rates it and the indicators count it on
# time. A counter dossier goes late and gets an apology with a new date.
# Public tracking shows no personal data; strangers get 404; bad input
# gets the JSON error shape and changes nothing; concurrent submissions
# get distinct consecutive codes; a mail queued while the SMTP server is
# down arrives after it starts.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
start_server "$T/d" || exit 1
TOKEN=$(token admin $PW)
if [ "$(api GET /api/v1/procedures)" = 404 ]; then
	echo "# skip: the services module is not wired into congso serve"
	finish
	exit $?
fi
if [ ! -x /usr/sbin/smtp-sink ]; then
	echo "# skip: /usr/sbin/smtp-sink missing (Debian package postfix)"
	finish
	exit $?
fi

# --- the mail server ----------------------------------------------------
. "$(dirname "$0")/svc_mail.inc"
sink_start
trap 'sink_stop' EXIT

st=$(api PUT /api/v1/services/settings "{\"smtp.host\":\"127.0.0.1\",\"smtp.port\":\"$SMTP_PORT\",\"smtp.from\":\"motcua@thainguyen.gov.vn\",\"services.cutoff\":\"00:00\",\"services.base_url\":\"http://cong.thainguyen.gov.vn\"}")
is "the admin sets the SMTP server and the cut-off hour (200)" "$st" 200
is "a bad cut-off hour is refused (422)" "$(api PUT /api/v1/services/settings '{"services.cutoff":"25:00"}'):$(body | jq -r .error.field)" "422:services.cutoff"

# --- the catalogue ------------------------------------------------------
TOKEN=
st=$(api GET "/api/v1/procedures?q=dang%20ky%20khai%20sinh&limit=5")
is "the catalogue is public (200)" "$st" 200
has "  ... and found without diacritics" "$(body | jq -r '.items[].name')" "Đăng ký khai sinh"
api GET "/api/v1/procedures?limit=10&offset=0" >/dev/null
TOTAL=$(body | jq .total)
check "  ... with at least 100 procedures in the demo" test "$TOTAL" -ge 100
is "  ... paged by limit" "$(body | jq '.items | length')" 10
api GET "/api/v1/procedures?level=commune&limit=200" >/dev/null
is "  ... filtered by level" "$(body | jq -r '[.items[].level] | unique | join(",")')" commune
api GET "/api/v1/procedures?limit=200" >/dev/null
body | jq -r '.items[].field' | uniq >"$T/fields"
is "  ... its fields in Vietnamese alphabetical order (Đ after D, Giải before Giáo)" \
    "$(grep -n -x -e 'Dược phẩm' -e 'Đất đai' -e 'Giải quyết khiếu nại' \
        -e 'Giáo dục mầm non' -e 'Hộ tịch' -e 'Lâm nghiệp' -e 'Luật sư' "$T/fields" |
        cut -d: -f2 | tr '\n' '|')" \
    "Dược phẩm|Đất đai|Giải quyết khiếu nại|Giáo dục mầm non|Hộ tịch|Lâm nghiệp|Luật sư|"
# The order is kept as ICU's sort keys; keys made by another ICU (an
# upgrade), or lost, are made again when the server starts.
stop_server
sqlite3 "$T/d/congso.db" "UPDATE settings SET value = 'icu-vi-0.0' WHERE key = 'svc.sort_key_collation'; UPDATE svc_procedures SET sort_key = NULL"
start_server "$T/d" || exit 1
api GET "/api/v1/procedures?limit=200" >/dev/null
is "  ... and again after a restart with keys of another collation" \
    "$(body | jq -r '.items[].field' | uniq | grep -n -x -e 'Dược phẩm' -e 'Đất đai' -e 'Luật sư' | cut -d: -f2 | tr '\n' '|')" \
    "Dược phẩm|Đất đai|Luật sư|"
is "  ... which were made anew" \
    "$(sqlite3 "$T/d/congso.db" "SELECT count(*) FROM svc_procedures WHERE sort_key IS NULL; SELECT value LIKE 'icu-vi-%' AND value <> 'icu-vi-0.0' FROM settings WHERE key = 'svc.sort_key_collation'" | tr '\n' ' ')" \
    "0 1 "
is "a procedure reads with its form (200)" "$(api GET /api/v1/procedures/2.000815)" 200
check "  ... which has fields" test "$(body | jq '.form | length')" -gt 0
is "an unknown procedure is 404" "$(api GET /api/v1/procedures/9.999999)" 404

TOKEN=$(token admin $PW)
PROC='[{"code":"9.990001","name":"Cấp giấy phép thử nghiệm dịch vụ công","field":"Thử nghiệm","level":"district","agency":"UBND cấp huyện","mode":"full","days":3,"fee":50000,"result":"Giấy phép","legal_basis":"Quyết định thử nghiệm","components":[{"name":"Đơn đề nghị","originals":1,"copies":0}],"form":[{"name":"ho_ten","label":"Họ và tên","type":"text","required":true,"max":100},{"name":"so_ban","label":"Số bản","type":"number","required":true,"min":1,"max":5},{"name":"dien_thoai","label":"Điện thoại","type":"text","check":"phone"},{"name":"don","label":"Đơn đề nghị","type":"file","required":true}]}]'
st=$(api POST /api/v1/procedures "$PROC")
is "the admin imports a procedure as JSON (200)" "$st:$(body | jq .created)" "200:1"
printf '%s\r\n%s\r\n%s\r\n' "code,name,field,level,agency,unit_code,mode,days,fee,fee_text,result,legal_basis,components,form" \
    '9.990002,Xác nhận thử nghiệm,Thử nghiệm,xã,UBND cấp xã,,toàn trình,1,0,,,,[],[]' \
    'sai mã,X,Y,xã,Z,,full,1,0,,,,[],[]' >"$T/cat.csv"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$T/cat.csv;filename=cat.csv" "$BASE/api/v1/procedures/import")
is "a CSV import reports the bad row (207)" "$st:$(body | jq .created):$(body | jq .failed)" "207:1:1"
has "  ... by its line" "$(body | jq -r '.errors[0]')" "Dòng 3"
CV=$(token chuyenvien $PW)
TOKEN=$CV
is "a specialist cannot import (403)" "$(api POST /api/v1/procedures "$PROC")" 403

# --- a citizen signs in with a code sent by e-mail ----------------------
TOKEN=
is "a citizen asks for a sign-in code (202)" "$(api POST /api/v1/citizens/code '{"email":"lan.nguyen@example.vn"}')" 202
is "  ... not twice in a minute (429)" "$(api POST /api/v1/citizens/code '{"email":"lan.nguyen@example.vn"}')" 429
MAIL=$(mail_to lan.nguyen@example.vn "Mã xác thực")
CODE=$(printf '%s\n' "$MAIL" | sed -n 's/^ *\([0-9]\{6\}\) *$/\1/p' | head -n 1)
is "the code arrives at the mail server" "${#CODE}" 6
is "a wrong code is refused (401)" "$(api POST /api/v1/citizens/session '{"email":"lan.nguyen@example.vn","code":"000000"}')" 401
st=$(api POST /api/v1/citizens/session "{\"email\":\"lan.nguyen@example.vn\",\"code\":\"$CODE\",\"full_name\":\"Nguyễn Thị Lan\"}")
is "the right code opens a session (201)" "$st" 201
LAN=$(body | jq -r .token)
is "  ... once" "$(api POST /api/v1/citizens/session "{\"email\":\"lan.nguyen@example.vn\",\"code\":\"$CODE\"}")" 401
TOKEN=$(token admin $PW)
api GET "/api/v1/units?q=UBND%20huy%E1%BB%87n%20%C4%90%E1%BB%93ng%20H%E1%BB%B7&limit=5" >/dev/null
DH=$(body | jq '[.items[] | select(.name == "UBND huyện Đồng Hỷ")][0].id')
DH_CODE=$(body | jq -r '[.items[] | select(.name == "UBND huyện Đồng Hỷ")][0].code')
api GET "/api/v1/units?q=S%E1%BB%9F%20Th%C3%B4ng%20tin&limit=5" >/dev/null
STTTT=$(body | jq '[.items[] | select(.name == "Sở Thông tin và Truyền thông")][0].id')
api GET "/api/v1/units?kind=district&limit=20" >/dev/null
DT=$(body | jq '[.items[] | select(.name == "UBND huyện Đại Từ")][0].id')
check "the units are found" test "$DH" -gt 0 -a "$STTTT" -gt 0 -a "$DT" -gt 0

# --- the application -----------------------------------------------------
TOKEN=$LAN
st=$(api POST /api/v1/citizen/dossiers "{\"procedure\":\"9.990001\",\"unit_id\":$DH,\"applicant_name\":\"Nguyễn Thị Lan\",\"applicant_phone\":\"0912345678\",\"values\":{\"ho_ten\":\"Nguyễn Thị Lan\",\"so_ban\":2}}")
is "the citizen saves a draft (201)" "$st" 201
ID=$(body | jq .id)
is "  ... without a code yet" "$(body | jq -r .state):$(body | jq .code)" "draft:null"
printf '%%PDF-1.4\n%% don de nghi\n%%%%EOF\n' >"$T/don.pdf"
printf 'MZ\220\0' >"$T/virus.exe"
upload() {	# FIELD FILE NAME [ID]
	curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	    -F "$1=@$2;filename=$3" "$BASE/api/v1/citizen/dossiers/${4:-$ID}/files"
}
is "submitting without the required file is refused (422)" "$(api POST /api/v1/citizen/dossiers/$ID/submit):$(body | jq -r .error.field)" "422:don"
is "a refused file type is refused (415)" "$(upload don "$T/virus.exe" virus.exe):$(body | jq -r .error.code)" "415:file_type"
TOKEN=$(token admin $PW)
api PUT /api/v1/services/settings '{"services.file_max":"2048"}' >/dev/null
TOKEN=$LAN
head -c 3000 /dev/zero | sed 's/^/%PDF-1.4/' >"$T/big.pdf"
is "a file over the limit is refused (413)" "$(upload don "$T/big.pdf" big.pdf)" 413
TOKEN=$(token admin $PW)
api PUT /api/v1/services/settings '{"services.file_max":"10485760"}' >/dev/null
TOKEN=$LAN
is "the citizen attaches the form's file (201)" "$(upload don "$T/don.pdf" don.pdf)" 201
is "  ... and it is the only one kept" "$(body | jq '.files | length')" 1
st=$(api PATCH /api/v1/citizen/dossiers/$ID '{"values":{"ho_ten":"Nguyễn Thị Lan","so_ban":9}}')
is "a value failing its check is refused (422)" "$st:$(body | jq -r .error.field)" "422:so_ban"
api GET /api/v1/citizen/dossiers/$ID >/dev/null
is "  ... and changes nothing" "$(body | jq .values.so_ban)" 2
st=$(api POST /api/v1/citizen/dossiers/$ID/submit)
is "the citizen submits (200)" "$st" 200
CODE1=$(body | jq -r .code)
TODAY=$(date +%y%m%d)
case $CODE1 in
"$DH_CODE-$TODAY-"[0-9][0-9][0-9][0-9]) ok "  ... and gets a code of the form unit-YYMMDD-NNNN ($CODE1)" ;;
*) not_ok "  ... and gets a code of the form unit-YYMMDD-NNNN" "$CODE1" ;;
esac
is "a second submission of the same draft is refused (409)" "$(api POST /api/v1/citizen/dossiers/$ID/submit)" 409
is "bad input gets the JSON error shape" "$(api POST /api/v1/citizen/dossiers '{"procedure":"9.999999"}'):$(body | jq -r '.error | has("code") and has("message")')" "422:true"
is "  ... and a unit of the wrong level is refused" "$(api POST /api/v1/citizen/dossiers "{\"procedure\":\"9.990001\",\"unit_id\":$STTTT}"):$(body | jq -r .error.field)" "422:unit_id"
api GET /api/v1/citizen/dossiers >/dev/null
is "  ... so the citizen still has one dossier" "$(body | jq .total)" 1

# --- public tracking and strangers ---------------------------------------
TOKEN=
st=$(api GET "/api/v1/dossiers/$CODE1")
is "anyone tracks a dossier by code (200)" "$st" 200
T1=$(body)
is "  ... with its state" "$(body | jq -r .state)" submitted
case $T1 in
*Lan*|*lan.nguyen*|*0912345678*) not_ok "  ... and no personal data" "$T1" ;;
*) ok "  ... and no personal data" ;;
esac
api GET "/api/v1/dossiers/$DH_CODE-$TODAY-9999" >/dev/null
B404=$(body)
is "an unknown code is 404" "$(api GET "/api/v1/dossiers/$DH_CODE-$TODAY-9999")" 404
is "  ... answered as a malformed one" "$(api GET "/api/v1/dossiers/abc"; body)" "404$B404"
is "a citizen's own API needs their token (401)" "$(api GET /api/v1/citizen/dossiers/$ID)" 401
api POST /api/v1/citizens/code '{"email":"binh.tran@example.vn"}' >/dev/null
BCODE=$(mail_to binh.tran@example.vn "Mã xác thực" | sed -n 's/^ *\([0-9]\{6\}\) *$/\1/p' | head -n 1)
api POST /api/v1/citizens/session "{\"email\":\"binh.tran@example.vn\",\"code\":\"$BCODE\"}" >/dev/null
BINH=$(body | jq -r .token)
TOKEN=$BINH
is "another citizen gets 404 for a stranger's dossier" "$(api GET /api/v1/citizen/dossiers/$ID)" 404
is "  ... and cannot submit it" "$(api POST /api/v1/citizen/dossiers/$ID/rating '{"rating":1}')" 404

# --- the back office -------------------------------------------------------
MC=$(token motcua $PW)
LD=$(token lanhdao $PW)
TOKEN=$(token admin $PW)
api POST /api/v1/people "{\"username\":\"motcua.dt\",\"full_name\":\"Phạm Văn Đức\",\"unit_id\":$DT,\"roles\":[\"onestop\"]}" >/dev/null
printf '%s\n' "$PW" | "$CONGSO" user passwd motcua.dt --data "$T/d" >/dev/null 2>&1
MCDT=$(token motcua.dt $PW)
TOKEN=$MC
api GET "/api/v1/services/dossiers?box=new" >/dev/null
has "the dossier is in the officer's queue of new dossiers" "$(body | jq -r '.items[].code')" "$CODE1"
TOKEN=$MCDT
is "an officer of another district cannot see it (404)" "$(api POST /api/v1/services/dossiers/$ID/receive)" 404
TOKEN=$MC
is "a request to supplement needs its content (422)" "$(api POST /api/v1/services/dossiers/$ID/supplement '{}')" 422
st=$(api POST /api/v1/services/dossiers/$ID/supplement '{"comment":"Bổ sung bản sao căn cước"}')
is "the officer asks for a supplement (200)" "$st:$(body | jq -r .state)" "200:supplement"
has "  ... and the citizen is told by e-mail" "$(mail_to lan.nguyen@example.vn "cần bổ sung")" "Bổ sung bản sao căn cước"
TOKEN=$LAN
is "the citizen adds a file" "$(upload don "$T/don.pdf" don-bo-sung.pdf)" 201
st=$(api POST /api/v1/citizen/dossiers/$ID/supplement '{"comment":"Đã bổ sung"}')
is "  ... and answers the request (200)" "$st:$(body | jq -r .state)" "200:submitted"
TOKEN=$MC
is "a second request to supplement is refused (409)" "$(api POST /api/v1/services/dossiers/$ID/supplement '{"comment":"Lần hai"}'):$(body | jq -r .error.code)" "409:supplement_once"
st=$(api POST /api/v1/services/dossiers/$ID/receive)
is "the officer receives it (200)" "$st:$(body | jq -r .state)" "200:received"
DUE=$(body | jq -r .due)
# With the cut-off at 00:00 counting starts on the next working day.
WANT=$("$CONGSO" calendar due --data "$T/d" --from "$(date +%Y-%m-%d)" --days 4 2>/dev/null)
is "  ... with the appointment date 3 working days from the next working day" "$DUE" "$WANT"
has "  ... and the citizen gets the receipt by e-mail" "$(mail_to lan.nguyen@example.vn "đã được tiếp nhận")" "$(echo "$DUE" | awk -F- '{print $3"/"$2"/"$1}')"
TOKEN=$CV
is "a specialist of another unit cannot process before the transfer (404)" "$(api POST /api/v1/services/dossiers/$ID/process '{"result":"x"}')" 404
TOKEN=$MC
st=$(api POST /api/v1/services/dossiers/$ID/transfer "{\"to_unit\":$STTTT}")
is "the officer transfers it to Sở TTTT (200)" "$st:$(body | jq -r .state)" "200:transferred"
TOKEN=$CV
api GET "/api/v1/services/dossiers?box=to_handle" >/dev/null
has "  ... where it is in the specialist's queue" "$(body | jq -r '.items[].code')" "$CODE1"
TOKEN=$LD
is "the leader cannot approve before processing (409)" "$(api POST /api/v1/services/dossiers/$ID/approve)" 409
TOKEN=$CV
st=$(api POST /api/v1/services/dossiers/$ID/process '{"result":"Dự thảo Giấy phép số 12/GP-STTTT"}')
is "the specialist processes it (200)" "$st:$(body | jq -r .state)" "200:processing"
is "  ... and cannot approve it (403)" "$(api POST /api/v1/services/dossiers/$ID/approve)" 403
printf '%%PDF-1.4\n%% giay phep da ky\n%%%%EOF\n' >"$T/ketqua.pdf"
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$T/ketqua.pdf;filename=giay-phep.pdf" "$BASE/api/v1/services/dossiers/$ID/result")
is "  ... and attaches the result file (201)" "$st" 201
TOKEN=$MC
is "the one-stop officer cannot attach the result (403)" "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$T/ketqua.pdf;filename=x.pdf" "$BASE/api/v1/services/dossiers/$ID/result")" 403
TOKEN=$LD
is "the leader approves (200)" "$(api POST /api/v1/services/dossiers/$ID/approve):$(body | jq -r .state)" "200:approved"
api GET "/api/v1/sign/requests" >/dev/null
is "  ... which asks the leader to sign the PDF result" "$(body | jq -r '[.requests[] | select(.owner.kind == "svc.result")] | length')" 1
has "  ... and the citizen hears the result is ready" "$(mail_to lan.nguyen@example.vn "đã có kết quả")" "$CODE1"
has "  ... with a link to its tracking page on the portal" "$(mail_to lan.nguyen@example.vn "đã có kết quả")" "http://cong.thainguyen.gov.vn/dich-vu-cong/tra-cuu?ma=$CODE1"
TOKEN=$LAN
is "the citizen pays the fee online (200)" "$(api POST /api/v1/citizen/dossiers/$ID/payment):$(body | jq .paid):$(body | jq -r '.payments[0].method')" "200:true:provider"
TOKEN=$MC
is "  ... so the officer cannot record it again (409)" "$(api POST /api/v1/services/dossiers/$ID/payment '{"method":"counter","receipt_no":"BL-0002"}'):$(body | jq -r .error.code)" "409:already_paid"
is "the officer returns the result (200)" "$(api POST /api/v1/services/dossiers/$ID/return):$(body | jq -r .state)" "200:returned"
api GET /api/v1/services/dossiers/$ID >/dev/null
is "every step is a history row" "$(body | jq -r '[.history[].action] | join(",")')" "create,submit,supplement,answer,receive,transfer,process,approve,sign_request,pay,return"
is "  ... the transfer records both units" "$(body | jq -r '.history[5] | .from_unit + " → " + .to_unit')" "UBND huyện Đồng Hỷ → Sở Thông tin và Truyền thông"
TOKEN=$LAN
api GET /api/v1/citizen/dossiers/$ID >/dev/null
RF=$(body | jq '.files[] | select(.round == 2) | .id')
curl -s -o "$T/got.pdf" -H "Authorization: Bearer $LAN" "$BASE/api/v1/citizen/dossier-files/$RF"
check "the citizen downloads the result" cmp -s "$T/got.pdf" "$T/ketqua.pdf"
TOKEN=$BINH
is "  ... which another citizen cannot (404)" "$(api GET /api/v1/citizen/dossier-files/$RF)" 404
TOKEN=$LAN
is "the citizen rates it (200)" "$(api POST /api/v1/citizen/dossiers/$ID/rating '{"rating":5,"comment":"Nhanh, đúng hẹn"}')" 200
is "  ... once (409)" "$(api POST /api/v1/citizen/dossiers/$ID/rating '{"rating":4}')" 409
TOKEN=
api GET "/api/v1/dossiers/$CODE1" >/dev/null
is "public tracking shows the steps" "$(body | jq -r '[.steps[].action] | join(",")')" "submit,supplement,answer,receive,transfer,process,approve,return"
case $(body) in
*"Lê Thị Hương"*|*"Dương Thị Lan"*|*"Hoàng Văn Thắng"*) not_ok "  ... without the names of staff" ;;
*) ok "  ... without the names of staff" ;;
esac

# --- a counter dossier that goes late --------------------------------------
TOKEN=$MC
st=$(api POST /api/v1/services/dossiers '{"procedure":"9.990001","applicant_name":"Trần Văn Bình","applicant_email":"binh.tran@example.vn","values":{"ho_ten":"Trần Văn Bình","so_ban":1}}')
is "the officer enters a dossier at the counter (201)" "$st:$(body | jq -r .state):$(body | jq -r .channel)" "201:submitted:counter"
ID2=$(body | jq .id)
is "  ... and records the fee paid at the counter with its receipt (200)" "$(api POST /api/v1/services/dossiers/$ID2/payment '{"method":"counter","receipt_no":"BL-0001"}'):$(body | jq -r '.payments[0].receipt_no')" "200:BL-0001"
api POST /api/v1/services/dossiers/$ID2/receive >/dev/null
DUE2=$(body | jq -r .due)
NEW=$("$CONGSO" calendar due --data "$T/d" --from "$DUE2" --days 5 2>/dev/null)
is "an apology needs a reason (422)" "$(api POST /api/v1/services/dossiers/$ID2/apology "{\"new_due\":\"$NEW\"}")" 422
is "  ... and a later date (422)" "$(api POST /api/v1/services/dossiers/$ID2/apology "{\"comment\":\"Chờ xác minh\",\"new_due\":\"$DUE2\"}")" 422
st=$(api POST /api/v1/services/dossiers/$ID2/apology "{\"comment\":\"Chờ kết quả xác minh của cơ quan liên quan\",\"new_due\":\"$NEW\"}")
is "a late dossier gets an apology with a new date (200)" "$st:$(body | jq -r .due)" "200:$NEW"
has "  ... and the applicant is told" "$(mail_to binh.tran@example.vn "chậm so với ngày hẹn")" "Chờ kết quả xác minh"
TOKEN=$MC
api GET "/api/v1/services/indicators?by=unit&unit_id=$DH" >/dev/null
is "the indicators count the unit's dossiers" "$(body | jq -c '.items[0] | [.received, .returned, .on_time, .late, .in_progress, .online, .supplements, .rated, .satisfaction]')" "[2,1,1,1,1,1,1,1,5]"
api GET "/api/v1/services/indicators?by=procedure" >/dev/null
is "  ... and per procedure" "$(body | jq -r '.items[] | select(.code == "9.990001") | .received')" 2
is "  ... with bad parameters refused (400)" "$(api GET "/api/v1/services/indicators?by=year")" 400
api GET "/api/v1/services/changes?since=0" >/dev/null
check "the changes feed lists the dossiers for the national portal" test "$(body | jq '.items | length')" -ge 2

# --- concurrent submissions ----------------------------------------------
TOKEN=$LAN
: >"$T/ids"
i=0
while [ $i -lt 20 ]; do
	api POST /api/v1/citizen/dossiers "{\"procedure\":\"9.990001\",\"unit_id\":$DH,\"applicant_name\":\"Nguyễn Thị Lan\",\"values\":{\"ho_ten\":\"Nguyễn Thị Lan\",\"so_ban\":1}}" >/dev/null
	D=$(body | jq .id)
	upload don "$T/don.pdf" don.pdf "$D" >/dev/null
	echo "$D" >>"$T/ids"
	i=$((i + 1))
done
xargs -P 10 -I{} curl -s -X POST -H "Authorization: Bearer $LAN" \
    "$BASE/api/v1/citizen/dossiers/{}/submit" <"$T/ids" |
    jq -r .code | sort >"$T/codes"
is "20 concurrent submissions get 20 distinct codes" "$(sort -u "$T/codes" | grep -c "^$DH_CODE-$TODAY-")" 20
LAST=$(tail -n 1 "$T/codes" | sed 's/.*-//')
FIRST=$(head -n 1 "$T/codes" | sed 's/.*-//')
is "  ... consecutive" "$(echo "$LAST $FIRST" | awk '{ print $1 - $2 }')" 19

# --- mail while the server is down ---------------------------------------
sink_stop
TOKEN=
api POST /api/v1/citizens/code '{"email":"cuong.le@example.vn"}' >/dev/null
n=0
while [ $n -lt 30 ]; do
	A=$(sqlite3 "$T/d/congso.db" "SELECT attempts FROM jobs WHERE kind = 'svc.mail' AND payload LIKE '%cuong.le%'" 2>/dev/null)
	[ "${A:-0}" -ge 1 ] && break
	sleep 0.2
	n=$((n + 1))
done
is "with the mail server down the job fails and waits to retry" "$(sqlite3 "$T/d/congso.db" "SELECT state, attempts > 0, last_error != '' FROM jobs WHERE kind = 'svc.mail' AND payload LIKE '%cuong.le%'")" "queued|1|1"
sink_start
check "  ... and the mail arrives after the server starts" mail_to cuong.le@example.vn "Mã xác thực" 45
sink_stop

finish
