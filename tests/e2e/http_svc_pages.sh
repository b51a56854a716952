#!/bin/sh
# End to end over HTTP, through the pages a browser uses: the public
# catalogue and a procedure; a citizen signs in with the e-mailed code
# (own cookie, own CSRF token), applies from the form with a file and
# gets a receipt with the dossier code; the one-stop officer signs in,
# finds it in the queue, receives it from the form and prints Mẫu 01 with
# the appointment date; the register (Mẫu 06) and the indicators list it;
# the tracking page shows no personal data; markup in values is escaped;
# a form without its CSRF token is refused.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
start_server "$T/d" || exit 1
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/dich-vu-cong")" = 404 ]; then
	echo "# skip: the services module is not wired into congso serve"
	finish
	exit $?
fi
if [ ! -x /usr/sbin/smtp-sink ]; then
	echo "# skip: /usr/sbin/smtp-sink missing (Debian package postfix)"
	finish
	exit $?
fi
. "$(dirname "$0")/svc_mail.inc"
sink_start
trap 'sink_stop' EXIT
TOKEN=$(token admin $PW)
api PUT /api/v1/services/settings "{\"smtp.host\":\"127.0.0.1\",\"smtp.port\":\"$SMTP_PORT\",\"services.cutoff\":\"00:00\"}" >/dev/null

page() { curl -s -o "$T/page" -w '%{http_code}' "$@"; }

# --- public pages --------------------------------------------------------
is "the catalogue page is public (200)" "$(page "$BASE/dich-vu-cong?q=chung%20thuc%20ban%20sao")" 200
has "  ... and finds without diacritics" "$(cat "$T/page")" "Chứng thực bản sao từ bản chính"
is "a procedure's page (200)" "$(page "$BASE/dich-vu-cong/thu-tuc/1.001193")" 200
has "  ... lists its papers" "$(cat "$T/page")" "Tờ khai theo mẫu"
is "applying needs a citizen's sign-in (303)" "$(page "$BASE/dich-vu-cong/nop/1.001193")" 303

# --- a citizen signs in ---------------------------------------------------
J=$T/citizen.jar
pre=$(curl -s -c "$J" -b "$J" "$BASE/dich-vu-cong/dang-nhap" |
    sed -n 's/.*name="_pre" value="\([0-9a-f]*\)".*/\1/p')
st=$(curl -s -o "$T/page" -w '%{http_code}' -c "$J" -b "$J" \
    --data-urlencode "_pre=$pre" --data-urlencode "email=hoa.pham@example.vn" \
    --data-urlencode "next=/dich-vu-cong/ho-so" "$BASE/dich-vu-cong/dang-nhap")
is "the citizen asks for a code on the page (200)" "$st" 200
pre=$(sed -n 's/.*name="_pre" value="\([0-9a-f]*\)".*/\1/p' "$T/page")
CODE=$(mail_to hoa.pham@example.vn "Mã xác thực" | sed -n 's/^ *\([0-9]\{6\}\) *$/\1/p' | head -n 1)
is "  ... which arrives by e-mail" "${#CODE}" 6
st=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$J" -b "$J" \
    --data-urlencode "_pre=$pre" --data-urlencode "email=hoa.pham@example.vn" \
    --data-urlencode "code=$CODE" --data-urlencode "full_name=Phạm Thị Hoa" \
    --data-urlencode "next=/dich-vu-cong/ho-so" "$BASE/dich-vu-cong/xac-thuc")
is "  ... and signs in with it" "$st" "303 $BASE/dich-vu-cong/ho-so"
check "  ... with a cookie of citizens, not of staff" grep -q cs_citizen "$J"
is "the citizen's page of dossiers (200)" "$(page -b "$J" "$BASE/dich-vu-cong/ho-so")" 200

# --- the application from the form -----------------------------------------
page -b "$J" "$BASE/dich-vu-cong/nop/1.001193" >/dev/null
CC=$(sed -n 's/.*name="_ccsrf" value="\([0-9a-f]*\)".*/\1/p' "$T/page" | head -n 1)
UNIT=$(grep -o '<option value="[0-9]*">UBND phường Cam Giá</option>' "$T/page" | sed 's/[^0-9]*\([0-9]*\).*/\1/')
check "the form offers the communes" test -n "$UNIT"
has "  ... and the procedure's fields" "$(cat "$T/page")" 'name="v_nguoi_duoc_dang_ky"'
printf '%%PDF-1.4\n%% to khai\n%%%%EOF\n' >"$T/tokhai.pdf"
apply() {	# CSRF: post the application
	curl -s -o "$T/page" -w '%{http_code} %{redirect_url}' -b "$J" \
	    -F "_ccsrf=$1" -F "unit_id=$UNIT" -F "applicant_name=Phạm Thị Hoa" \
	    -F "applicant_phone=0987654321" -F "v_ho_ten=Phạm Thị Hoa" \
	    -F "v_so_dinh_danh=019190001234" -F "v_dien_thoai=0987654321" \
	    -F "v_dia_chi=Tổ 5, phường Cam Giá" \
	    --form-string "v_nguoi_duoc_dang_ky=<script>alert(1)</script>" \
	    -F "v_ngay_su_kien=2026-01-15" -F "v_quan_he=Mẹ" \
	    -F "to_khai=@$T/tokhai.pdf;filename=to-khai.pdf" -F "action=submit" \
	    "$BASE/dich-vu-cong/nop/1.001193"
}
is "an application without the citizen's CSRF token is refused (403)" "$(apply 0123456789abcdef0123456789abcdef | cut -c1-3)" 403
st=$(apply "$CC")
case $st in
"303 $BASE/dich-vu-cong/ho-so/"*"/bien-nhan") ok "the citizen submits from the form and is sent to the receipt" ;;
*) not_ok "the citizen submits from the form and is sent to the receipt" "$st $(grep -o 'role="alert">[^<]*' "$T/page")" ;;
esac
RECEIPT=${st#* }
page -b "$J" "$RECEIPT" >/dev/null
CODE1=$(grep -o '<strong class="code">[^<]*' "$T/page" | sed 's/.*>//')
case $CODE1 in
000.21.41.H55-[0-9][0-9][0-9][0-9][0-9][0-9]-0001) ok "  ... which shows the dossier code ($CODE1)" ;;
*) not_ok "  ... which shows the dossier code" "$CODE1" ;;
esac
ID=$(echo "$RECEIPT" | sed 's|.*/ho-so/\([0-9]*\)/.*|\1|')
has "  ... and its QR code" "$(cat "$T/page")" '<svg xmlns="http://www.w3.org/2000/svg" class="qr"'


# --- the back office ---------------------------------------------------------
M=$T/staff.jar
TOKEN=$(token admin $PW)
api POST /api/v1/people "{\"username\":\"motcua.cg\",\"full_name\":\"Vi Thị Mai\",\"unit_id\":$UNIT,\"roles\":[\"onestop\"]}" >/dev/null
printf '%s\n' "$PW" | "$CONGSO" user passwd motcua.cg --data "$T/d" >/dev/null 2>&1
is "the commune's one-stop officer signs in (303)" "$(web_login motcua.cg "$PW" "$M")" 303
is "the queue page (200)" "$(page -b "$M" "$BASE/mot-cua?box=new")" 200
has "  ... lists the dossier" "$(cat "$T/page")" "$CODE1"
has "  ... and links to entering a dossier at the counter" "$(cat "$T/page")" 'href="/mot-cua/nhap"'
home=$(curl -s -b "$M" "$BASE/")
has "the officer's home page counts the dossiers waiting to be received" \
    "$home" '<a href="/mot-cua?box=new"><span class="n">'
has "  ... the same number as the queue" "$home" \
    "<span class=\"n\">$(curl -s -b "$M" "$BASE/mot-cua?box=new" |
    grep -o "/mot-cua/ho-so/[0-9]*\"" | sort -u | wc -l)</span> Chờ tiếp nhận"
is "the dossier page (200)" "$(page -b "$M" "$BASE/mot-cua/ho-so/$ID")" 200
has "  ... escapes markup in values" "$(cat "$T/page")" "&lt;script&gt;alert(1)&lt;/script&gt;"
case $(cat "$T/page") in
*"<script>alert(1)"*) not_ok "  ... and never writes it raw" ;;
*) ok "  ... and never writes it raw" ;;
esac
TOK=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/page" | head -n 1)
is "receiving without the CSRF token is refused (403)" "$(curl -s -o /dev/null -w '%{http_code}' -b "$M" -X POST "$BASE/mot-cua/ho-so/$ID/tiep-nhan")" 403
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$M" --data-urlencode "_csrf=$TOK" "$BASE/mot-cua/ho-so/$ID/tiep-nhan")
is "the officer receives it from the form (303)" "$st" 303
WANT=$("$CONGSO" calendar due --data "$T/d" --from "$(date +%Y-%m-%d)" --days 1 2>/dev/null |
    awk -F- '{ print $3 "/" $2 "/" $1 }')
is "Mẫu 01 prints (200)" "$(page -b "$M" "$BASE/mot-cua/ho-so/$ID/mau/1")" 200
has "  ... with the appointment date" "$(cat "$T/page")" "ngày $WANT."
has "  ... and the dossier's files" "$(cat "$T/page")" "to-khai.pdf"
st=$(curl -s -o "$T/m01.pdf" -w '%{http_code} %{content_type}' -b "$M" "$BASE/mot-cua/ho-so/$ID/mau-pdf/1")
is "Mẫu 01 renders as a PDF" "$st" "200 application/pdf"
if command -v qpdf >/dev/null 2>&1; then
	check "  ... which qpdf finds well-formed" qpdf --check "$T/m01.pdf"
fi
TXT=$(pdftotext -layout "$T/m01.pdf" - 2>/dev/null)
has "  ... whose text pdftotext reads in Vietnamese" "$TXT" "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
has "  ... with the dossier code" "$TXT" "$CODE1"
has "  ... and the appointment date" "$TXT" "$WANT"
is "Mẫu 02 of a dossier never asked to supplement is refused (409)" "$(page -b "$M" "$BASE/mot-cua/ho-so/$ID/mau/2")" 409
is "Mẫu 05 prints the control slip (200)" "$(page -b "$M" "$BASE/mot-cua/ho-so/$ID/mau/5")" 200
is "the register (Mẫu 06) lists it (200)" "$(page -b "$M" "$BASE/mot-cua/so-theo-doi"):$(grep -c "$CODE1" "$T/page")" "200:1"
FROM=$(date -d '-1 day' +%Y-%m-%d); TO=$(date +%Y-%m-%d)
st=$(curl -s -o "$T/reg.xlsx" -w '%{http_code} %{content_type}' -b "$M" "$BASE/mot-cua/so-theo-doi.xlsx?from=$FROM&to=$TO")
is "  ... and exports to XLSX" "$st" "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
has "  ... a workbook holding the dossier" "$(python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); print(z.read("xl/worksheets/sheet1.xml").decode())' "$T/reg.xlsx" 2>&1)" "$CODE1"
is "the indicators page (200)" "$(page -b "$M" "$BASE/mot-cua/chi-so")" 200
has "  ... counts the commune" "$(cat "$T/page")" "UBND phường Cam Giá"

# --- a dossier handed in at the counter ------------------------------------
is "the counter form for a procedure (200)" "$(page -b "$M" "$BASE/mot-cua/nhap?thu_tuc=2.000815")" 200
st=$(curl -s -o "$T/page" -w '%{http_code} %{redirect_url}' -b "$M" -F "_csrf=$TOK" \
    -F "applicant_name=Hà Văn Tùng" -F "applicant_phone=0911222333" \
    -F "v_ho_ten=Hà Văn Tùng" -F "v_so_dinh_danh=019090004321" \
    -F "v_dien_thoai=0911222333" -F "v_dia_chi=Tổ 2, phường Cam Giá" \
    -F "v_loai_giay_to=Giấy khai sinh" -F "v_so_ban=3" \
    -F "ban_chinh=@$T/tokhai.pdf;filename=ban-chinh.pdf" \
    "$BASE/mot-cua/nhap?thu_tuc=2.000815")
case $st in
"303 $BASE/mot-cua/ho-so/"*) ok "the officer enters a dossier handed in at the counter" ;;
*) not_ok "the officer enters a dossier handed in at the counter" "$st $(grep -o 'role="alert">[^<]*' "$T/page")" ;;
esac
page -b "$M" "${st#* }" >/dev/null
has "  ... which gets the next code of the day" "$(cat "$T/page")" "000.21.41.H55-$(date +%y%m%d)-0002"
st=$(curl -s -o "$T/page" -w '%{http_code}' -b "$M" -F "_csrf=$TOK" \
    -F "applicant_name=Hà Văn Tùng" -F "v_ho_ten=Hà Văn Tùng" -F "v_so_ban=99" \
    "$BASE/mot-cua/nhap?thu_tuc=2.000815")
is "  ... and a value failing its check is refused (422)" "$st" 422

# --- the catalogue for admins ------------------------------------------------
A=$T/admin.jar
web_login admin "$PW" "$A" >/dev/null
page -b "$A" "$BASE/mot-cua?box=all" >/dev/null
hasnt "an admin who is not a one-stop officer gets no counter link (the route is theirs)" \
    "$(cat "$T/page")" 'href="/mot-cua/nhap"'
is "the admin exports the catalogue as CSV (200)" "$(page -b "$A" "$BASE/mot-cua/danh-muc.csv")" 200
cp "$T/page" "$T/catalogue.csv"
N=$(python3 -c 'import csv, sys
print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))) - 1)' "$T/catalogue.csv")
check "  ... with every procedure ($N)" test "$N" -ge 100
page -b "$A" "$BASE/mot-cua/danh-muc" >/dev/null
ATOK=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/page" | head -n 1)
st=$(curl -s -o "$T/page" -w '%{http_code}' -b "$A" -F "_csrf=$ATOK" \
    -F "file=@$T/catalogue.csv;filename=danh-muc.csv" "$BASE/mot-cua/danh-muc")
is "  ... and imports it back (200)" "$st" 200
has "  ... updating every procedure, none failing" "$(cat "$T/page")" "Đã thêm 0, cập nhật $N, lỗi 0 thủ tục."
is "the officer cannot import (403)" "$(page -b "$M" "$BASE/mot-cua/danh-muc")" 403

# --- tracking and strangers ---------------------------------------------------
is "the tracking page (200)" "$(page "$BASE/dich-vu-cong/tra-cuu?ma=$CODE1")" 200
has "  ... shows the appointment" "$(cat "$T/page")" "$WANT"
case $(cat "$T/page") in
*"Phạm Thị Hoa"*|*hoa.pham*|*0987654321*|*"Vi Thị Mai"*) not_ok "  ... and no personal data" ;;
*) ok "  ... and no personal data" ;;
esac
is "an unknown code is 404 on the page too" "$(page "$BASE/dich-vu-cong/tra-cuu?ma=000.21.41.H55-991231-0001")" 404
is "the staff's dossier page needs staff (303)" "$(page -b "$J" "$BASE/mot-cua/ho-so/$ID")" 303
is "the citizen's dossier page needs a citizen's sign-in (303)" "$(page -b "$M" "$BASE/dich-vu-cong/ho-so/$ID")" 303

sink_stop
finish
