#!/bin/sh
# End to end over HTTP: the demo province, sign-in, units and people on
# pages and over the API, a merge of two communes with its history.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
check "init --demo thai-nguyen creates the data folder" test -f "$T/d/congso.db"
start_server "$T/d" || exit 1

is "healthz answers ok" "$(curl -s "$BASE/healthz")" "ok"
TOKEN=$(token admin $PW)
is "admin signs in over the API" "${#TOKEN}" 32

# The demo province as the articles describe it.
api GET "/api/v1/units?all=1&limit=1" >/dev/null
is "the demo has 989 units" "$(body | jq .total)" 989
api GET "/api/v1/people?limit=1" >/dev/null
is "the demo has 14,831 people" "$(body | jq .total)" 14831
api GET "/api/v1/units?q=000.00.00.H55" >/dev/null
is "the province is UBND tỉnh Thái Nguyên" "$(body | jq -r '.items[0].name')" \
    "UBND tỉnh Thái Nguyên"
is "departments: 31" "$(api GET '/api/v1/units?kind=department&limit=1' >/dev/null; body | jq .total)" 31
is "district-level units: 9" "$(api GET '/api/v1/units?kind=district&limit=1' >/dev/null; body | jq .total)" 9
is "communes, wards and towns: 180" "$(api GET '/api/v1/units?kind=commune&limit=1' >/dev/null; body | jq .total)" 180

# Diacritic-free search.
api GET "/api/v1/units?q=dong%20hy" >/dev/null
has "units search 'dong hy' finds Đồng Hỷ" "$(body | jq -r '.items[].name')" "Đồng Hỷ"
api GET "/api/v1/people?q=nguyen%20van&limit=5" >/dev/null
has "people search 'nguyen van' finds Nguyễn Văn" "$(body | jq -r '.items[].full_name')" "Nguyễn Văn"

# A unit under Sở Thông tin và Truyền thông, and a person in it.
api GET "/api/v1/units?q=so%20thong%20tin&kind=department" >/dev/null
DEPT=$(body | jq '.items[0].id')
DCODE=$(body | jq -r '.items[0].code')
Y=$(printf '%s' "$DCODE" | cut -d. -f3)
NEWCODE=000.77.$Y.H55
st=$(api POST /api/v1/units "{\"code\":\"$NEWCODE\",\"name\":\"Trung tâm Chuyển đổi số\",\"short_name\":\"TTCĐS\",\"kind\":\"division\",\"parent_id\":$DEPT}")
is "admin creates a unit under a department (201)" "$st" 201
UNIT=$(body | jq .id)
is "the new unit's parent is the department" "$(body | jq .parent_id)" "$DEPT"
st=$(api POST /api/v1/people "{\"username\":\"tranthimai.cds\",\"full_name\":\"Trần Thị Mai\",\"unit_id\":$UNIT,\"position\":\"Giám đốc Trung tâm\",\"roles\":[\"leader\"],\"email\":\"tranthimai.cds@thainguyen.gov.vn\"}")
is "admin creates a person in it (201)" "$st" 201
PERSON=$(body | jq .id)
api GET "/api/v1/people?unit=$UNIT" >/dev/null
is "the person is listed in the unit over the API" "$(body | jq -r '.items[0].full_name')" "Trần Thị Mai"

# Reads are cached; every change must show at once, also one made by
# another process (the command line) on the same data folder.
api GET "/api/v1/units/$UNIT" >/dev/null; api GET "/api/v1/units/$UNIT" >/dev/null
st=$(api PATCH "/api/v1/units/$UNIT" '{"name":"Trung tâm Chuyển đổi số tỉnh"}')
is "a unit is renamed over the API" "$st" 200
api GET "/api/v1/units/$UNIT" >/dev/null
is "  ... and the next read shows the new name" "$(body | jq -r .name)" "Trung tâm Chuyển đổi số tỉnh"
"$CONGSO" unit edit --data "$T/d" "$UNIT" --name "Trung tâm Chuyển đổi số" >/dev/null 2>&1
api GET "/api/v1/units/$UNIT" >/dev/null
is "  ... and a change from the command line shows too" "$(body | jq -r .name)" "Trung tâm Chuyển đổi số"
api GET "/api/v1/people?unit=$UNIT" >/dev/null
before=$(body | jq .total)
"$CONGSO" user add --data "$T/d" --username le.van.binh --full-name "Lê Văn Bình" --unit "$UNIT" >/dev/null 2>&1
api GET "/api/v1/people?unit=$UNIT" >/dev/null
is "  ... and a person added from the command line is listed" "$(body | jq .total)" "$((before + 1))"
"$CONGSO" user add --data "$T/d" --username dang.thi.an --full-name "Đặng Thị An" --unit "$UNIT" >/dev/null 2>&1
"$CONGSO" user add --data "$T/d" --username vu.duc --full-name "Vũ Minh Đức" --unit "$UNIT" >/dev/null 2>&1
"$CONGSO" user add --data "$T/d" --username do.dung --full-name "Đỗ Văn Dũng" --unit "$UNIT" >/dev/null 2>&1
api GET "/api/v1/people?unit=$UNIT" >/dev/null
is "a unit's staff are listed by given name, in Vietnamese order" \
    "$(body | jq -r '[.items[].full_name] | join("|")')" \
    "Đặng Thị An|Lê Văn Bình|Đỗ Văn Dũng|Vũ Minh Đức|Trần Thị Mai"
api GET "/api/v1/people?q=nguyen&limit=1" >/dev/null
nguyen=$(body | jq .total)
api GET "/api/v1/people?limit=1" >/dev/null
check "a search for 'nguyen' finds the Nguyễn, not everyone at thainguyen.gov.vn" \
    test "$nguyen" -lt "$(( $(body | jq .total) / 2 ))"
api GET "/api/v1/people?q=thainguyen.gov" >/dev/null
is "  ... the province's e-mail domain finds no one" "$(body | jq .total)" 0
api GET "/api/v1/people?q=tranthimai.cds" >/dev/null
is "  ... the part of an address before @ still finds its person" \
    "$(body | jq -r '[.items[].full_name] | join("|")')" "Trần Thị Mai"
has "/metrics counts cache hits" "$(curl -s "$BASE/metrics")" 'congso_cache_lookups_total{result="hit"}'

J="$T/admin.jar"
is "admin signs in through the form (303)" "$(web_login admin $PW "$J")" 303
page=$(curl -s -b "$J" "$BASE/don-vi/$UNIT")
has "the unit page shows the unit" "$page" "Trung tâm Chuyển đổi số"
has "the unit page shows the person" "$page" "Trần Thị Mai"
has "the unit page shows the agency code" "$page" "$NEWCODE"
page=$(curl -s -b "$J" "$BASE/don-vi?q=dong+hy")
has "the tree page search finds UBND huyện Đồng Hỷ" "$page" "UBND huyện Đồng Hỷ"
page=$(curl -s -b "$J" "$BASE/nguoi/$PERSON")
has "the person page shows the position" "$page" "Giám đốc Trung tâm"

# Creating through the admin form, with the CSRF token.
C=$(csrf "$J")
is "pages carry a CSRF token" "${#C}" 32
st=$(curl -s -o "$T/p" -w '%{http_code}' -b "$J" --data-urlencode "_csrf=$C" \
    --data-urlencode "code=000.78.$Y.H55" --data-urlencode "name=Phòng Bưu chính" \
    --data-urlencode "short_name=PBC" --data-urlencode "kind=division" \
    --data-urlencode "parent_id=$DEPT" "$BASE/quan-tri/don-vi")
is "the admin form creates a unit (303)" "$st" 303
st=$(curl -s -o "$T/p" -w '%{http_code}' -b "$J" \
    --data-urlencode "code=000.79.$Y.H55" --data-urlencode "name=Không CSRF" \
    --data-urlencode "short_name=K" --data-urlencode "kind=division" \
    "$BASE/quan-tri/don-vi")
is "a POST without the CSRF token is refused (403)" "$st" 403
st=$(curl -s -o "$T/p" -w '%{http_code}' -b "$J" --data-urlencode "_csrf=0000$C" \
    --data-urlencode "code=000.79.$Y.H55" --data-urlencode "name=Sai CSRF" \
    --data-urlencode "short_name=K" --data-urlencode "kind=division" \
    "$BASE/quan-tri/don-vi")
is "a POST with a wrong CSRF token is refused (403)" "$st" 403
api GET "/api/v1/units?q=000.79.$Y.H55" >/dev/null
is "the refused POSTs created nothing" "$(body | jq .total)" 0

# Merge two communes of Đồng Hỷ into a new one.
api GET "/api/v1/units?q=dong%20hy&kind=district" >/dev/null
DIST=$(body | jq '.items[0].id')
DY=$(body | jq -r '.items[0].code' | cut -d. -f3)
api GET "/api/v1/units?parent=$DIST&kind=commune&limit=2" >/dev/null
C1=$(body | jq '.items[0].id'); C2=$(body | jq '.items[1].id')
N1=$(body | jq -r '.items[0].name'); P1=$(body | jq '.items[0].people')
P2=$(body | jq '.items[1].people')
st=$(api POST /api/v1/reorganisations "{\"kind\":\"merge\",\"effective\":\"2025-07-01\",\"note\":\"Nghị quyết sắp xếp đơn vị hành chính cấp xã\",\"from\":[$C1,$C2],\"created\":[{\"code\":\"000.99.$DY.H55\",\"name\":\"UBND xã Đồng Hỷ Mới\",\"short_name\":\"UBND\"}]}")
is "two communes merge into a new one (201)" "$st" 201
SUCC=$(body | jq .successor.id)
is "the successor is the new commune" "$(body | jq -r .successor.name)" "UBND xã Đồng Hỷ Mới"
is "the successor has the people of both" "$(body | jq .successor.people)" "$((P1 + P2))"
api GET "/api/v1/units/$C1" >/dev/null
is "the merged commune ended on 2025-07-01" "$(body | jq -r .effective_until)" 2025-07-01
is "the merged commune names its successor" "$(body | jq .successor_id)" "$SUCC"
api GET "/api/v1/units/$C1/history" >/dev/null
has "the merged commune's history shows the merge" "$(body | jq -r '.history[].event')" "reorg:merge"
api GET "/api/v1/units/tree?date=2020-01-01&parent=$DIST" >/dev/null
has "the tree on 2020-01-01 still has the old commune" "$(body | jq -r '.items[].name')" "$N1"
api GET "/api/v1/units/tree?parent=$DIST" >/dev/null
has "today's tree has the successor" "$(body | jq -r '.items[].name')" "UBND xã Đồng Hỷ Mới"
case "$(body | jq -r '.items[].id')" in
*"$C1"*) not_ok "today's tree no longer has the merged commune" ;;
*) ok "today's tree no longer has the merged commune" ;;
esac
page=$(curl -s -b "$J" "$BASE/don-vi/$C1")
has "the merged commune's page names the successor" "$page" "Đơn vị kế thừa"

# Bad input: clear errors, nothing changed.
st=$(api POST /api/v1/units '{"code":"000.00.12.h55","name":"x","short_name":"X","kind":"division"}')
is "a malformed agency code is refused (422)" "$st" 422
is "  ... naming the field" "$(body | jq -r .error.field)" code
st=$(api POST /api/v1/units "{\"code\":\"$NEWCODE\",\"name\":\"x\",\"short_name\":\"X\",\"kind\":\"division\",\"parent_id\":$DEPT}")
is "a duplicate agency code is refused (409)" "$st" 409
is "  ... with code duplicate_code" "$(body | jq -r .error.code)" duplicate_code
st=$(api POST /api/v1/units '{"code":"000.00.98.H55","name":"x","short_name":"X","kind":"department","parent_id":999999}')
is "an unknown parent is refused (422)" "$st" 422
is "  ... with code unknown_parent" "$(body | jq -r .error.code)" unknown_parent
st=$(api POST /api/v1/units '{"code":')
is "broken JSON is refused (400)" "$st" 400
is "  ... with the error shape" "$(body | jq -r .error.code)" invalid_json
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/big"
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "@$T/big" "$BASE/api/v1/units")
is "an oversized body is refused (413)" "$st" 413
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/units?q=%C3%28")
is "invalid UTF-8 in a query is refused (400)" "$st" 400
is "  ... as invalid_utf8" "$(body | jq -r .error.code)" invalid_utf8
printf '{"code":"000.00.97.H55","name":"\303\050","short_name":"X","kind":"department"}' >"$T/bad.json"
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "@$T/bad.json" "$BASE/api/v1/units")
is "invalid UTF-8 in JSON is refused (400)" "$st" 400
st=$(api GET "/api/v1/people?limit=0")
is "a bad limit is refused (400)" "$st" 400
st=$(api GET "/api/v1/units/424242")
is "an unknown unit is 404" "$st" 404
st=$(api GET "/api/v1/nothing-here")
is "an unknown API path is 404 JSON" "$st:$(body | jq -r .error.code)" "404:not_found"
page=$(curl -s -b "$J" "$BASE/don-vi/424242")
has "an unknown unit page answers in Vietnamese" "$page" "Không có đơn vị này"

# Security headers and cookies.
hdr=$(curl -s -D - -o /dev/null -b "$J" "$BASE/don-vi")
has "pages send a Content-Security-Policy" "$hdr" "Content-Security-Policy"
has "pages are not cached" "$hdr" "no-store"
grep -q "HttpOnly" "$J" && ok "the session cookie is HttpOnly" || not_ok "the session cookie is HttpOnly"
hdr=$(curl -s -D - -o /dev/null -c /dev/null -b "$T/pre.jar" "$BASE/dang-nhap")
has "sign-in sets a SameSite cookie" "$hdr" "SameSite"
m=$(curl -s "$BASE/metrics")
has "/metrics speaks the Prometheus text format" "$m" "# TYPE congso_http_requests_total counter"

# Admin pages: CSV export, system tokens, the audit log.
csv=$(curl -s -b "$J" "$BASE/quan-tri/xuat/don-vi.csv")
has "units export as CSV from the admin page" "$(printf '%s' "$csv" | head -n 1)" "code,name,short_name"
is "  ... every unit in force" "$(printf '%s\n' "$csv" | grep -c 'H55')" \
    "$(api GET '/api/v1/units?limit=1' >/dev/null; body | jq .total)"
csv=$(curl -s -b "$J" "$BASE/quan-tri/xuat/nguoi.csv")
has "people export as CSV" "$csv" "Trần Thị Mai"
C=$(csrf "$J")
page=$(curl -s -b "$J" --data-urlencode "_csrf=$C" --data-urlencode "name=Cổng dịch vụ công tỉnh" \
    --data-urlencode "username=motcua" "$BASE/quan-tri/ma-truy-cap")
SYS=$(printf '%s' "$page" | sed -n 's/.*<code>\([0-9a-f]\{32\}\)<\/code>.*/\1/p')
is "the tokens page issues a token shown once" "${#SYS}" 32
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SYS" "$BASE/api/v1/me")
is "  ... which works on the API" "$st" 200
page=$(curl -s -b "$J" "$BASE/quan-tri/ma-truy-cap")
case $page in *"$SYS"*) not_ok "the token is never shown again" ;; *) ok "the token is never shown again" ;; esac
page=$(curl -s -b "$J" "$BASE/quan-tri/nhat-ky?doi-tuong=unit:$UNIT")
has "the audit page shows who created the unit" "$page" "unit.create"
rows() { printf '%s' "$1" | grep -o '<tr><td>[0-9]*</td>' | sed 's/[^0-9]//g'; }
is "  ... only that unit's rows" "$(printf '%s' "$page" | grep -o '<td>unit:[0-9]*</td>' | sort -u)" "<td>unit:$UNIT</td>"
page=$(curl -s -b "$J" "$BASE/quan-tri/nhat-ky?truoc=4")
is "older rows: those before the one given, newest first" "$(rows "$page" | tr '\n' ' ')" "3 2 1 "
page=$(curl -s -b "$J" "$BASE/quan-tri/nhat-ky")
n=$(rows "$page" | head -1)
is "the first page starts at the newest row" "$n" "$(sqlite3 "$T/d/congso.db" 'SELECT max(id) FROM audit')"

# Sign-out ends the session.
C=$(csrf "$J")
curl -s -o /dev/null -b "$J" -c "$J" --data-urlencode "_csrf=$C" "$BASE/dang-xuat"
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$BASE/don-vi")
is "after sign-out pages redirect to sign-in (303)" "$st" 303

finish
