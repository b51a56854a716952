#!/bin/sh
# End to end: an instance that receives by pulling from the hub, as the
# members of the national document axis do. The hub (LGSP) has Thái
# Nguyên as a push member and Nghệ An as a pull member (no address): a
# Quyết định from Thái Nguyên waits at the hub until Nghệ An's job
# "exchange.pull" lists it, fetches it, registers it and acknowledges it;
# the hub's waiting list is then empty, and Nghệ An's status 01 reaches
# Thái Nguyên through the hub. A package sent while Nghệ An is stopped
# waits at the hub and is taken after the restart.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026

HUB_NA_PULL=1
. "$(dirname "$0")/hub_setup.inc"

S1="Quyết định gửi qua trục, bên nhận tự lấy"
issue "$S1" >"$T/st"	# not in $(...): DOC must stay set here
is "Thái Nguyên issues the Quyết định (200)" "$(cat "$T/st")" 200
DOC1=$DOC
check "  ... Nghệ An pulls it from the hub and registers it" wait_for 30 na_has "$S1"
is "  ... once" "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary = '$S1'")" 1
waiting() {
	curl -s -H "Authorization: Bearer $KNA" "$BASE_hub/api/v1/hub/packages" | jq .total
}
# waits N: N packages wait for Nghệ An at the hub (asked anew each time).
waits() { [ "$(waiting)" = "$1" ]; }
check "  ... acknowledged: nothing waits for Nghệ An at the hub" wait_for 10 waits 0
check "  ... and status 01 reaches Thái Nguyên through the hub" wait_for 30 status_has "$DOC1" 01
is "the hub logged the package as taken by its pull member" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND to_codes = '$NA_SO' AND outcome = 'accepted'")" 1

# A second document while Nghệ An is stopped: it waits, and is taken
# after the restart.
stop_instance na
S2="Quyết định chờ ở trục khi bên nhận dừng"
issue "$S2" >"$T/st"
is "Thái Nguyên issues while Nghệ An is stopped (200)" "$(cat "$T/st")" 200
check "  ... the package waits at the hub" wait_for 30 waits 1
start_instance na "$T/na" || exit 1
check "  ... and Nghệ An takes it after starting again" wait_for 30 na_has "$S2"
check "  ... leaving nothing waiting" wait_for 10 waits 0
finish
