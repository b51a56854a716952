#!/bin/sh
# The command line of the core: init, help, version, calendar, an online
# backup taken while the server writes, and a restore from it.
. "$(dirname "$0")/lib.sh"

out=$("$CONGSO" version)
has "version names the schema" "$out" "lược đồ"
for c in init serve unit user audit backup calendar; do
	out=$("$CONGSO" help "$c" 2>&1); rc=$?
	if [ $rc -eq 0 ] && [ -n "$out" ]; then ok "help $c"; else not_ok "help $c"; fi
done
"$CONGSO" help nothing >/dev/null 2>&1
is "help for an unknown command fails" "$?" 2
"$CONGSO" frobnicate >/dev/null 2>&1
is "an unknown command exits 2" "$?" 2

# init without the demo: the province and an admin with a printed password.
out=$("$CONGSO" init --data "$T/p" --province-code 000.00.00.H55 \
    --province-name "UBND tỉnh Thái Nguyên" 2>/dev/null); rc=$?
is "init of an empty province succeeds" "$rc" 0
has "  ... and prints the admin password once" "$out" "Mật khẩu của admin"
"$CONGSO" init --data "$T/p" --province-code 000.00.00.H55 \
    --province-name "x" >/dev/null 2>&1
is "init refuses a folder that has a database" "$?" 1
out=$("$CONGSO" init --data "$T/q" --province-code 000.00.00.h55 \
    --province-name "x" 2>&1); rc=$?
is "init refuses a malformed province code" "$rc" 1
"$CONGSO" init --data "$T/r" --demo ha-noi >/dev/null 2>&1
is "init refuses an unknown demo" "$?" 2
"$CONGSO" init --data "$T/r" --demo thai-nguyen --admin-password ngan >/dev/null 2>&1
is "init refuses a weak admin password" "$?" 2
"$CONGSO" init --data "$T/r" --wrong >/dev/null 2>&1
is "init refuses an unknown option" "$?" 2
"$CONGSO" serve --data "$T/none" >/dev/null 2>&1
is "serve refuses a folder without a database" "$?" 1

# The working-day calendar.
out=$("$CONGSO" calendar show 2026 --data "$T/p" 2>/dev/null)
has "calendar 2026: Tết begins on 17 February" "$out" "2026-02-17"
has "calendar 2026: Hùng Kings' day on 26 April" "$out" "2026-04-26"
has "calendar 2026: its compensation day on 27 April" "$out" "2026-04-27"
is "a deadline of 5 working days across Tết" \
    "$("$CONGSO" calendar due --data "$T/p" --from 2026-02-12 --days 5 2>/dev/null)" \
    2026-02-26
"$CONGSO" calendar set --data "$T/p" --day 2026-02-28 --kind work \
    --name "Làm bù cho ngày 16/02" >/dev/null 2>&1
is "a make-up Saturday counts as a working day" \
    "$("$CONGSO" calendar due --data "$T/p" --from 2026-02-27 --days 1 2>/dev/null)" \
    2026-02-28
"$CONGSO" calendar due --data "$T/p" --from 2026-02-30 --days 1 >/dev/null 2>&1
is "calendar due refuses 2026-02-30" "$?" 2

# Backup while the server writes, then restore.
"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
# Temporary files a stopped server left behind go at the next start;
# recent ones (a command running now) stay.
echo left >"$T/d/tmp/up-old1"
echo left >"$T/d/tmp/blob-old2"
touch -d '2 hours ago' "$T/d/tmp/up-old1" "$T/d/tmp/blob-old2"
echo busy >"$T/d/tmp/import-now"
# Jobs done long ago are removed by the hourly jobs.purge; recent ones and
# failed ones (for the administrator) stay.
now=$(date +%s)
sqlite3 "$T/d/congso.db" "INSERT INTO jobs (kind, payload, state, run_at, created_at, updated_at) VALUES
    ('docs.extract', '{\"file\":1}', 'done', $((now - 40 * 86400)), 0, 0),
    ('docs.extract', '{\"file\":2}', 'done', $((now - 86400)), 0, 0),
    ('docs.extract', '{\"file\":3}', 'failed', $((now - 40 * 86400)), 0, 0)"
start_server "$T/d" || exit 1
sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "UPDATE jobs SET run_at = 0 WHERE kind = 'jobs.purge' AND state = 'queued'"
n=0
while [ $n -lt 50 ] && [ "$(sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "SELECT count(*) FROM jobs WHERE kind = 'jobs.purge' AND state = 'done'")" = 0 ]; do
	sleep 0.1; n=$((n + 1))
done
is "jobs.purge removes the jobs done over 30 days ago, keeps recent and failed ones" \
    "$(sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "SELECT group_concat(payload, ' ') FROM (SELECT payload FROM jobs WHERE kind = 'docs.extract' ORDER BY id)")" \
    '{"file":2} {"file":3}'
is "  ... and queues itself again in an hour" \
    "$(sqlite3 -cmd ".timeout 5000" "$T/d/congso.db" "SELECT count(*) FROM jobs WHERE kind = 'jobs.purge' AND state = 'queued' AND run_at > $now + 3000")" 1
check "serve removes temporary files left an hour ago or more" \
    test ! -e "$T/d/tmp/up-old1" -a ! -e "$T/d/tmp/blob-old2"
check "  ... and keeps a recent one" test -e "$T/d/tmp/import-now"
has "  ... and says so in its log" "$(cat "$T/serve.log")" \
    "removed 2 temporary files"
TOKEN=$(token admin ThaiNguyen@2026)
api GET "/api/v1/units?q=so%20thong%20tin&kind=department" >/dev/null
DEPT=$(body | jq '.items[0].id')
(
	i=0
	while [ $i -lt 40 ]; do
		api POST /api/v1/people "{\"username\":\"nguoi.thu.$i\",\"full_name\":\"Người Thử $i\",\"unit_id\":$DEPT}" >/dev/null
		i=$((i + 1))
	done
) &
writer=$!
"$CONGSO" backup --data "$T/d" --to "$T/backup.db" >/dev/null 2>&1
is "backup succeeds while the server is writing" "$?" 0
wait $writer
# The server checkpoints the write-ahead log on a thread of its own
# (SQLite's automatic checkpoints are off in its connections): the pages
# written reach the database file while it serves, and at its stop the
# log is emptied.
sleep 1
cp "$T/d/congso.db" "$T/main-only.db"
is "the server's checkpoints bring its writes into the database file" \
    "$(sqlite3 "file:$T/main-only.db?immutable=1" "SELECT count(*) FROM people WHERE username LIKE 'nguoi.thu.%'")" 40
stop_server
is "the write-ahead log is empty once the server has stopped" \
    "$(stat -c %s "$T/d/congso.db-wal" 2>/dev/null || echo 0)" 0
"$CONGSO" restore --data "$T/restored" --from "$T/backup.db" >/dev/null 2>&1
is "restore into a new folder succeeds" "$?" 0
check "the restored audit chain is intact" "$CONGSO" audit verify --data "$T/restored"
n=$(sqlite3 "$T/restored/congso.db" "SELECT count(*) FROM people")
if [ "$n" -ge 14831 ] && [ "$n" -le 14871 ]; then
	ok "the restored data holds the people ($n)"
else
	not_ok "the restored data holds the people" "$n"
fi
"$CONGSO" restore --data "$T/restored" --from "$T/backup.db" >/dev/null 2>&1
is "restore refuses to overwrite a data folder" "$?" 1
printf 'không phải cơ sở dữ liệu' >"$T/junk.db"
"$CONGSO" restore --data "$T/junk" --from "$T/junk.db" >/dev/null 2>&1
is "restore refuses a file that is not a backup" "$?" 1

# A thread of the server opens its connection at its first request. When
# it cannot (here the folder has gone), the request is answered 503 and
# the server lives on (it used to crash on the missing connection).
port=$((20000 + ($$ * 11) % 30000))
"$CONGSO" serve --data "$T/restored" --threads 8 \
    --listen "127.0.0.1:$port" >"$T/gone.log" 2>&1 &
gone_pid=$!
n=0
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 ||
    [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
tok=$(curl -s -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"ThaiNguyen@2026"}' \
    "http://127.0.0.1:$port/api/v1/login" | jq -r .token)
mv "$T/restored" "$T/moved"
i=0
while [ $i -lt 32 ]; do
	printf 'url = "http://127.0.0.1:%s/api/v1/people?q=nguyen&limit=%d"\n' \
	    "$port" $((i + 1))
	echo 'output = "/dev/null"'
	i=$((i + 1))
done >"$T/gone.cfg"
curl -s --parallel --parallel-max 32 -H "Authorization: Bearer $tok" \
    -K "$T/gone.cfg" -w '%{http_code}\n' >"$T/gone.codes" 2>/dev/null
codes=$(sort -u "$T/gone.codes" | tr '\n' ' ')
bad=0
for c in $codes; do case $c in 200|503) ;; *) bad=1 ;; esac; done
if [ "$bad" -eq 0 ] && [ -n "$codes" ]; then
	ok "each request is answered, 503 by a thread without its connection ($codes)"
else
	not_ok "each request is answered, 503 by a thread without its connection" "$codes"
fi
check "the server lives on when a connection cannot be opened" \
    kill -0 $gone_pid
mv "$T/moved" "$T/restored"
kill $gone_pid 2>/dev/null
wait $gone_pid 2>/dev/null

finish
