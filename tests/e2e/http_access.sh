#!/bin/sh
# Access: every admin route (as `congso routes` lists them) answers
# 403 to a signed-in non-admin, and 401 (API) or a redirect to sign-in
# (pages) to nobody; lock-out after repeated failed sign-ins; API tokens
# that an admin revokes stop working; the audit chain catches an edit.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
start_server "$T/d" || exit 1

# "METHOD PATH KIND" of every route that only admins may use, as the
# program itself registers them (role bit 1 = admin).
routes=$("$CONGSO" routes | awk '$4 == "1" { print $1, $2, toupper($3) }')
n=$(printf '%s\n' "$routes" | grep -c .)
[ "$n" -ge 10 ] && ok "found $n admin routes in the route tables" ||
    not_ok "found admin routes in the route tables" "$n"

TOKEN=$(token chuyenvien $PW)
SPEC=$TOKEN
J="$T/spec.jar"
web_login chuyenvien $PW "$J" >/dev/null
C=$(csrf "$J")

printf '%s\n' "$routes" | while read -r m p kind; do
	path=$(printf '%s' "$p" | sed 's/{}/1/g')
	if [ "$kind" = API ]; then
		st=$(curl -s -o /dev/null -w '%{http_code}' -X "$m" \
		    -H 'Content-Type: application/json' -d '{}' "$BASE$path")
		echo "$m $path nobody $st"
		st=$(curl -s -o /dev/null -w '%{http_code}' -X "$m" \
		    -H "Authorization: Bearer $SPEC" \
		    -H 'Content-Type: application/json' -d '{}' "$BASE$path")
		echo "$m $path specialist $st"
	else
		if [ "$m" = GET ]; then
			st=$(curl -s -o /dev/null -w '%{http_code}:%{redirect_url}' "$BASE$path")
			echo "$m $path nobody $st"
			st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$BASE$path")
		else
			st=$(curl -s -o /dev/null -w '%{http_code}:%{redirect_url}' -X POST -d x=1 "$BASE$path")
			echo "$m $path nobody $st"
			st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J" \
			    --data-urlencode "_csrf=$C" -d x=1 "$BASE$path")
		fi
		echo "$m $path specialist $st"
	fi
done >"$T/access"

while read -r m p who st; do
	case "$who:$st" in
	nobody:401|specialist:403) ok "$m $p: $who gets $st" ;;
	nobody:303:*/dang-nhap*) ok "$m $p: nobody is sent to sign-in" ;;
	*) not_ok "$m $p: $who gets $st" ;;
	esac
done <"$T/access"

# Signed-in pages and API need a session at all.
st=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/units")
is "the API answers 401 without a token" "$st" 401
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer 0123456789abcdef0123456789abcdef" "$BASE/api/v1/units")
is "the API answers 401 to a made-up token" "$st" 401
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SPEC" "$BASE/api/v1/units")
is "a specialist may read the directory" "$st" 200

# Long-lived system tokens: issued and revoked by an admin.
TOKEN=$(token admin $PW)
st=$(api POST /api/v1/tokens '{"name":"Cổng dịch vụ công","username":"motcua"}')
is "an admin issues a system token (201)" "$st" 201
SYS=$(body | jq -r .token)
TID=$(body | jq .id)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SYS" "$BASE/api/v1/me")
is "the system token works" "$st" 200
st=$(api DELETE "/api/v1/tokens/$TID")
is "an admin revokes it" "$st" 200
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SYS" "$BASE/api/v1/me")
is "the revoked token no longer works" "$st" 401

# Slow-down and lock-out after repeated failures.
for i in 1 2 3; do
	curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
	    -d '{"username":"motcua","password":"sai-mat-khau"}' "$BASE/api/v1/login"
done
is "the failures are counted" \
    "$(sqlite3 "$T/d/congso.db" "SELECT failed_logins FROM people WHERE username = 'motcua'")" 3
# A slow machine (sanitizers) may take seconds over the three failures:
# the wait counts from the last one, so make that one now.
sqlite3 "$T/d/congso.db" "UPDATE people SET last_failed_at = strftime('%s', 'now') WHERE username = 'motcua'"
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"motcua\",\"password\":\"$PW\"}" "$BASE/api/v1/login")
is "after 3 failures even the right password must wait (429)" "$st" 429
is "  ... as slow_down" "$(body | jq -r .error.code)" slow_down
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"username":"khongco","password":"x"}' "$BASE/api/v1/login")
is "an unknown user gets the same 401 as a wrong password" "$st:$(body | jq -r .error.code)" "401:bad_credentials"
sqlite3 "$T/d/congso.db" "UPDATE people SET failed_logins = 9, last_failed_at = 0 WHERE username = 'lanhdao'"
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"username":"lanhdao","password":"sai"}' "$BASE/api/v1/login"
st=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"lanhdao\",\"password\":\"$PW\"}" "$BASE/api/v1/login")
is "after 10 failures the account is locked (429 locked)" "$st:$(body | jq -r .error.code)" "429:locked"

# Who holds a token is remembered between requests; a change made
# through the server ends that at once, one made behind its back (another
# process) within two seconds.
TOKEN=$(token admin $PW)
MC=$(token bientap $PW)
WHO=$(curl -s -H "Authorization: Bearer $MC" "$BASE/api/v1/me" | jq .id)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $MC" "$BASE/api/v1/me")
is "a token in use works" "$st" 200
st=$(api PATCH "/api/v1/people/$WHO" '{"active":false}')
is "an admin deactivates its holder (200)" "$st" 200
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $MC" "$BASE/api/v1/me")
is "  ... the token is refused at once (401)" "$st" 401
api PATCH "/api/v1/people/$WHO" '{"active":true}' >/dev/null
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $MC" "$BASE/api/v1/me")
is "  ... and stays ended once its holder is active again" "$st" 401
MC=$(token bientap $PW)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $MC" "$BASE/api/v1/me")
is "  ... who signs in anew" "$st" 200
sqlite3 "$T/d/congso.db" "DELETE FROM sessions WHERE person_id = $WHO"
sleep 2.2
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $MC" "$BASE/api/v1/me")
is "a session deleted by another process ends within 2 s (401)" "$st" 401

# Password change through the page ends other sessions, also one just
# used (remembered).
J2="$T/vt.jar"
web_login vanthu $PW "$J2" >/dev/null
OTHER=$(token vanthu $PW)
C=$(csrf "$J2")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OTHER" "$BASE/api/v1/me")
is "her other session works before" "$st" 200
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J2" --data-urlencode "_csrf=$C" \
    --data-urlencode "old=$PW" --data-urlencode "new=Mat-khau-moi-2026" \
    --data-urlencode "again=Mat-khau-moi-2026" "$BASE/tai-khoan/mat-khau")
is "a clerk changes her password (303)" "$st" 303
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OTHER" "$BASE/api/v1/me")
is "her other sessions end" "$st" 401
is "the new password works" "$(BASE=$BASE token vanthu Mat-khau-moi-2026 | wc -c)" 33
st=$(curl -s -o /dev/null -w '%{http_code}' -b "$J2" --data-urlencode "_csrf=$C" \
    --data-urlencode "old=Mat-khau-moi-2026" --data-urlencode "new=ngan" \
    --data-urlencode "again=ngan" "$BASE/tai-khoan/mat-khau")
is "a short new password is refused (422)" "$st" 422

# The audit log: intact, then edited behind the program's back.
stop_server
out=$("$CONGSO" audit verify --data "$T/d" 2>&1)
check "audit verify passes on an untouched log" "$CONGSO" audit verify --data "$T/d"
has "audit rows were written for the changes" "$("$CONGSO" audit list --data "$T/d" --limit 100 2>/dev/null)" "token.revoke"
cp "$T/d/congso.db" "$T/copy.db"
sqlite3 "$T/d/congso.db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'sửa lén' WHERE id = 3;"
out=$("$CONGSO" audit verify --data "$T/d" 2>&1); rc=$?
is "audit verify fails after a row is edited" "$rc" 1
has "  ... and names the row" "$out" "dòng 3"
cp "$T/copy.db" "$T/d/congso.db"
rm -f "$T/d/congso.db-wal" "$T/d/congso.db-shm"
sqlite3 "$T/d/congso.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5;"
out=$("$CONGSO" audit verify --data "$T/d" 2>&1); rc=$?
is "audit verify fails after a row is deleted" "$rc:$(printf '%s' "$out" | grep -c 'dòng 5')" "1:1"
out=$(sqlite3 "$T/copy.db" "UPDATE audit SET detail='x' WHERE id=2" 2>&1)
has "the database itself refuses to update audit rows" "$out" "append-only"

finish
