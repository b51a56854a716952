#!/bin/sh
# cli_directory.sh - `congso unit` and `congso user` as an operator uses
# them, on the Thái Nguyên demo: add and refuse units, export and import
# CSV (all bad rows reported, nothing imported), merge communes and read
# the tree as it stood before, passwords through standard input, API
# tokens.
#
#   CONGSO=build/congso sh tests/e2e/cli_directory.sh
#
# One line a check ("ok N - ..." or "not ok N - ..."), then "P passed,
# F failed"; the exit status is 1 when any check failed.

CONGSO=${CONGSO:-build/congso}
case $CONGSO in
/*) ;;
*) CONGSO=$(pwd)/$CONGSO ;;
esac
if [ ! -x "$CONGSO" ]; then
	echo "cli_directory.sh: no executable $CONGSO (run make first)" >&2
	exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/congso-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
D=$T/demo
TAB=$(printf '\t')

n=0
passed=0
failed=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	# Show what the command said, indented.
	sed 's/^/#   /' "$T/out" "$T/err" 2>/dev/null | head -20
}

# check DESCRIPTION COMMAND...: the command's status decides.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run ARGS...: congso with stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$CONGSO" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# run_in INPUT ARGS...: the same with INPUT on standard input.
run_in() {
	input=$1
	shift
	printf '%s\n' "$input" | "$CONGSO" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

status_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }

# --- setup ----------------------------------------------------------------

run init --data "$D" --demo thai-nguyen
check "init --demo thai-nguyen" status_is 0

run unit list --data "$D" --q "thong tin" --limit 50
STTTT=$(awk -F"$TAB" '$4 == "Sở Thông tin và Truyền thông" { print $2 }' \
    "$T/out")
check "unit list --q 'thong tin' finds Sở Thông tin và Truyền thông" \
    test "$STTTT" = "000.00.05.H55"

# --- add, show, refusals ----------------------------------------------------

run unit add --data "$D" --code 000.20.05.H55 --name "Phòng Chuyển đổi số" \
    --short-name CĐS --kind division --parent "$STTTT"
NEW_ID=$(cat "$T/out")
check "unit add under the department prints the new id" \
    sh -c "[ $rc -eq 0 ] && expr '$NEW_ID' : '[0-9][0-9]*\$' >/dev/null"

run unit show --data "$D" 000.20.05.H55
check "unit show names the new unit and its parent" \
    sh -c "[ $rc -eq 0 ] && grep -q '^Tên: Phòng Chuyển đổi số' '$T/out' &&
    grep -q '^Đơn vị cấp trên: Sở Thông tin và Truyền thông' '$T/out'"

run unit add --data "$D" --code 000.21.05.H5 --name "Phòng Sai mã" \
    --short-name SM --kind division --parent "$STTTT"
check "a malformed agency code is refused with exit 2 and a message" \
    sh -c "[ $rc -eq 2 ] && grep -q 'congso unit add: .*(--code)' '$T/err'"

run unit add --data "$D" --code 000.20.05.H55 --name "Phòng Trùng mã" \
    --short-name TM --kind division --parent "$STTTT"
check "a duplicate agency code is refused with exit 2" \
    sh -c "[ $rc -eq 2 ] && grep -q 'đã được dùng' '$T/err'"

run unit show --data "$D" 999.99.99.Z99
check "unit show of an unknown unit exits 2" status_is 2

run unit frobnicate --data "$D"
check "an unknown subcommand exits 2" \
    sh -c "[ $rc -eq 2 ] && grep -q 'không có lệnh con' '$T/err'"

run unit edit --data "$D" 000.20.05.H55 --phone "0208 3700000"
run unit show --data "$D" 000.20.05.H55
check "unit edit changes the phone" out_has "^Điện thoại: 0208 3700000"

# --- export ---------------------------------------------------------------

run unit export --data "$D" --out "$T/units.csv"
check "unit export --out writes the header and the new unit" \
    sh -c "[ $rc -eq 0 ] && head -1 '$T/units.csv' | tr -d '\r' |
    grep -qx 'code,name,short_name,kind,parent_code,address,email,phone,effective_from' &&
    grep -q '^000.20.05.H55,Phòng Chuyển đổi số,CĐS,division,000.00.05.H55,' '$T/units.csv'"
check "unit export --out leaves no temporary file" \
    test ! -e "$T/units.csv.tmp"

run user export --data "$D"
cp "$T/out" "$T/people.csv"
check "user export has the header and the demo clerk" \
    sh -c "[ $rc -eq 0 ] && head -1 '$T/people.csv' | tr -d '\r' |
    grep -qx 'username,full_name,unit_code,position,roles,email,phone' &&
    grep -q '^vanthu,' '$T/people.csv'"
check "user export has one line per demo person" \
    test "$(wc -l <"$T/people.csv")" -eq 14832

# --- import: every bad row reported, nothing imported ----------------------

# Lines 3, 5 and 7 are bad: an agency code with a wrong letter, a quote in
# an unquoted field, and a parent that does not exist.
printf '%s\r\n' \
    'code,name,short_name,kind,parent_code' \
    '000.30.05.H55,Phòng Thử một,PT1,division,000.00.05.H55' \
    '000.31.05.h55,Phòng Thử hai,PT2,division,000.00.05.H55' \
    '000.32.05.H55,Phòng Thử ba,PT3,division,000.00.05.H55' \
    '000.33.05.H55,Phòng "Thử" bốn,PT4,division,000.00.05.H55' \
    '000.34.05.H55,Phòng Thử năm,PT5,division,000.30.05.H55' \
    '000.35.05.H55,Phòng Thử sáu,PT6,division,000.99.99.H55' \
    '000.36.05.H55,Phòng Thử bảy,PT7,division,000.00.05.H55' \
    >"$T/bad.csv"
run unit import --data "$D" "$T/bad.csv"
check "unit import with bad rows exits 2" status_is 2
check "unit import reports line 3 (bad code)" err_has "^dòng 3: .*(trường code)"
check "unit import reports line 5 (CSV syntax)" err_has "^dòng 5, cột 2:"
check "unit import reports line 7 (unknown parent)" \
    err_has "^dòng 7: .*(trường parent_code)"
check "unit import reports no good line" \
    sh -c "! grep -q '^dòng [2468]' '$T/err'"
found=
for code in 000.30.05.H55 000.32.05.H55 000.34.05.H55 000.36.05.H55; do
	run unit show --data "$D" "$code"
	[ "$rc" -eq 2 ] || found="$found $code"
done
check "unit import with bad rows imported nothing" test -z "$found"

printf '%s\r\n' \
    'name,code,kind,short_name,parent_code,effective_from' \
    'Phòng Thử một,000.30.05.H55,division,PT1,000.00.05.H55,2026-01-01' \
    'Tổ Thử hai,001.30.05.H55,division,TT2,000.30.05.H55,' \
    >"$T/good.csv"
run unit import --data "$D" "$T/good.csv"
check "unit import of good rows, columns in any order, parent in the file" \
    sh -c "[ $rc -eq 0 ] && grep -q 'Đã nhập 2 đơn vị' '$T/out'"

printf '%s\r\n' 'code,name,short_name,kind,colour' \
    '000.40.05.H55,Phòng X,PX,division,xanh' >"$T/cols.csv"
run unit import --data "$D" "$T/cols.csv"
check "unit import refuses an unknown column" \
    sh -c "[ $rc -eq 2 ] && grep -q 'colour' '$T/err'"

printf '%s\n' 'username,full_name,unit_code,roles,email' \
    'thu.nghiem1,Nguyễn Thử Một,000.30.05.H55,specialist,' \
    'thu.nghiem2,Trần Thử Hai,000.30.05.H55,boss,' \
    'vanthu,Lê Trùng Tên,000.30.05.H55,clerk,' \
    'thu.nghiem4,Phạm Thử Bốn,000.77.05.H55,clerk,' \
    >"$T/people_bad.csv"
run user import --data "$D" "$T/people_bad.csv"
check "user import reports bad role, duplicate username, unknown unit" \
    sh -c "[ $rc -eq 2 ] && grep -q '^dòng 3: .*(trường roles)' '$T/err' &&
    grep -q '^dòng 4: .*(trường username)' '$T/err' &&
    grep -q '^dòng 5: .*(trường unit_code)' '$T/err'"
run user show --data "$D" thu.nghiem1
check "user import with bad rows imported nothing" status_is 2

printf '%s\n' 'username,full_name,unit_code,position,roles,email,phone' \
    'thu.nghiem1,Nguyễn Thử Một,000.30.05.H55,Chuyên viên,specialist;clerk,thu.nghiem1@thainguyen.gov.vn,0912 345 678' \
    >"$T/people_good.csv"
run user import --data "$D" "$T/people_good.csv"
run user show --data "$D" thu.nghiem1
check "user import of a good file" \
    sh -c "[ $rc -eq 0 ] && grep -q '^Đơn vị: Phòng Thử một (000.30.05.H55)' '$T/out' &&
    grep -q '(clerk;specialist)' '$T/out'"

# --- reorganisation ---------------------------------------------------------

run unit list --data "$D" --kind district --q "Dong Hy"
DISTRICT=$(awk -F"$TAB" 'NR == 1 { print $1 }' "$T/out")
run unit list --data "$D" --kind commune --parent "$DISTRICT" --limit 2
C1=$(awk -F"$TAB" 'NR == 1 { print $2 }' "$T/out")
C2=$(awk -F"$TAB" 'NR == 2 { print $2 }' "$T/out")
C1NAME=$(awk -F"$TAB" 'NR == 1 { print $4 }' "$T/out")
C2NAME=$(awk -F"$TAB" 'NR == 2 { print $4 }' "$T/out")
check "two communes of a district found" \
    sh -c "[ -n '$C1' ] && [ -n '$C2' ] && [ '$C1' != '$C2' ]"

run unit merge --data "$D" "$C1" "$C2" --code 000.90.46.H55 \
    --name "UBND xã Hợp Nhất" --short-name UBND --date 2025-07-01 \
    --note "Nghị quyết thử"
check "unit merge into a new commune" \
    sh -c "[ $rc -eq 0 ] && grep -q 'UBND xã Hợp Nhất' '$T/out'"

run unit show --data "$D" "$C2"
check "unit show of a merged commune names its successor" \
    sh -c "grep -q '^Đơn vị kế thừa: UBND xã Hợp Nhất' '$T/out' &&
    grep -q '^Hết hiệu lực từ: 2025-07-01' '$T/out'"

run unit tree --data "$D" --date 2020-01-01
check "unit tree --date 2020-01-01 still shows both old communes" \
    sh -c "[ $rc -eq 0 ] && grep -q '$C1  $C1NAME\$' '$T/out' &&
    grep -q '$C2  $C2NAME\$' '$T/out' && ! grep -q 'Hợp Nhất' '$T/out'"

run unit tree --data "$D" --root "$DISTRICT"
check "unit tree today shows the successor, not the old communes" \
    sh -c "[ $rc -eq 0 ] && grep -q 'UBND xã Hợp Nhất' '$T/out' &&
    ! grep -q '$C1 ' '$T/out'"

run unit merge --data "$D" "$C1" --into 000.90.46.H55 --date 2025-08-01
check "merging a unit that has ended is refused" status_is 2

run unit rename --data "$D" 000.30.05.H55 --name "Phòng Thử đổi tên" \
    --date 2026-02-01
run unit show --data "$D" 000.30.05.H55
check "unit rename takes effect" out_has "^Tên: Phòng Thử đổi tên"

run unit abolish --data "$D" 000.20.05.H55 --date 2099-01-01
check "a reorganisation dated in the future is refused" \
    sh -c "[ $rc -eq 2 ] && grep -q '(--date)' '$T/err'"

# --- people and passwords ---------------------------------------------------

run_in "MatKhauRatManh@2026" user add --data "$D" --username thu.nghiem9 \
    --full-name "Đỗ Thử Chín" --unit "$STTTT" --roles "clerk;leader" \
    --password-stdin
check "user add --password-stdin prints the new id" \
    sh -c "[ $rc -eq 0 ] && grep -q '^[0-9][0-9]*\$' '$T/out'"

run user add --data "$D" --username thu.nghiem8 --full-name "Vũ Thử Tám" \
    --unit "$STTTT"
run user show --data "$D" thu.nghiem8
check "a person added without a password cannot sign in yet" \
    out_has "^Mật khẩu: chưa đặt"

run_in "ngan" user passwd --data "$D" thu.nghiem8
check "user passwd refuses a weak password" \
    sh -c "[ $rc -eq 2 ] && grep -q 'ít nhất 10 ký tự' '$T/err'"

run_in "Mot-Mat-Khau-Dai-2026" user passwd --data "$D" thu.nghiem8
run user show --data "$D" thu.nghiem8
check "user passwd reads the password from standard input" \
    out_has "^Mật khẩu: đã đặt"

run user edit --data "$D" thu.nghiem8 --active no --position "Chuyên viên"
run user show --data "$D" thu.nghiem8
check "user edit --active no" \
    sh -c "grep -q '^Trạng thái: ngừng hoạt động' '$T/out' &&
    grep -q '^Chức vụ: Chuyên viên' '$T/out'"

run user list --data "$D" --role clerk --unit "$STTTT"
check "user list --role --unit filters" \
    sh -c "[ $rc -eq 0 ] && grep -q '^[0-9]*${TAB}vanthu${TAB}' '$T/out' &&
    ! grep -qv '${TAB}000.00.05.H55${TAB}.*clerk' '$T/out'"

# --- API tokens -------------------------------------------------------------

run user token issue --data "$D" admin --name "Hệ thống một cửa"
TOKEN=$(cat "$T/out")
check "user token issue prints a 32-character token once" \
    sh -c "[ $rc -eq 0 ] && expr '$TOKEN' : '[0-9a-f]\{32\}\$' >/dev/null"
run user token list --data "$D"
TOKEN_ID=$(awk -F"$TAB" 'NR == 1 { print $1 }' "$T/out")
check "user token list shows the token in force, not its secret" \
    sh -c "grep -q 'Hệ thống một cửa${TAB}admin${TAB}.*hiệu lực' '$T/out' &&
    ! grep -q '$TOKEN' '$T/out'"
# Times are Vietnam's (UTC+7) whatever the host's zone.
created=$(sqlite3 "$D/congso.db" "SELECT created_at FROM api_tokens WHERE id = $TOKEN_ID")
want=$(TZ=ICT-7 date -d "@$created" '+%Y-%m-%d %H:%M')
TZ=UTC "$CONGSO" user token list --data "$D" >"$T/out" 2>"$T/err"
check "  ... its time in Vietnam's zone on a host set to UTC ($want)" \
    grep -q "${TAB}$want${TAB}" "$T/out"
run user token revoke --data "$D" "$TOKEN_ID"
check "user token revoke" status_is 0
run user token revoke --data "$D" "$TOKEN_ID"
check "revoking a revoked token exits 2" status_is 2

# --- help -----------------------------------------------------------------

run help unit
check "congso help unit" sh -c "[ $rc -eq 0 ] && grep -q 'merge' '$T/out'"
run user --help
check "congso user --help" sh -c "[ $rc -eq 0 ] && grep -q 'passwd' '$T/out'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
