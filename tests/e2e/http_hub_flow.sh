#!/bin/sh
# End to end through the hub: three instances on loopback. The hub (LGSP)
# has two push members, Thái Nguyên (the demo province, H55) and Nghệ An
# (H41), each with its pinned certificate; each province's only peer is
# the hub (kind "hub", "*", with its member key). Sở TTTT Thái Nguyên
# issues a Quyết định to Sở TTTT Nghệ An: the package goes through the
# hub, Nghệ An registers, directs, records progress and finishes, and
# Thái Nguyên sees 01, 03, 04, 05, 06 in order, each status having gone
# through the hub too; the hub's log holds every package once with its
# signer. A recall is agreed (13, 15). The hub stopped (SIGTERM) while
# Thái Nguyên issues, and killed (SIGKILL) with a burst in flight: every
# document reaches Nghệ An exactly once.
. "$(dirname "$0")/lib.sh"
PW=ThaiNguyen@2026
BURST=${HUB_BURST:-10}

. "$(dirname "$0")/hub_setup.inc"

# ---- a Quyết định through the hub, and its statuses back ---------------
S1="Quyết định phối hợp chuyển đổi số qua trục liên thông"
issue "$S1" >"$T/st"	# not in $(...): DOC must stay set here
is "Thái Nguyên issues the Quyết định (200)" "$(cat "$T/st")" 200
DOC1=$DOC
check "  ... the package reaches Nghệ An through the hub" wait_for 30 na_has "$S1"
NDOC1=$(na_doc "$S1")
is "  ... the hub logged it: from the Thái Nguyên unit to $NA_SO, signed, trusted" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND outcome = 'accepted' AND to_codes = '$NA_SO' AND from_code LIKE '%.H55' AND sig_intact = 1 AND sig_trusted = 1 AND signer LIKE '%Lien thong tn%'")" 1
is "  ... and pushed it to Nghệ An" \
    "$(hubq "SELECT d.state FROM hub_deliveries d JOIN hub_messages m ON m.id = d.message_id WHERE m.kind = 'doc' AND m.to_codes = '$NA_SO'")" delivered
check "Thái Nguyên sees 01 (arrived), sent back through the hub" wait_for 30 status_has $DOC1 01
on na "$VTN"
is "Nghệ An's clerk registers it (200)" "$(api POST /api/v1/documents/$NDOC1/register '{}')" 200
on na "$LDN"
st=$(api POST /api/v1/documents/$NDOC1/direct "{\"direction\":\"Giao chuyên viên tham mưu\",\"main\":$CVN_ID,\"deadline_days\":5}")
is "Nghệ An's leader directs it (200)" "$st" 200
on na "$CVN"
is "the handler records progress (200)" "$(api POST /api/v1/documents/$NDOC1/progress '{"comment":"Đang xây dựng kế hoạch"}')" 200
is "the handler finishes (200)" "$(api POST /api/v1/documents/$NDOC1/finish '{"comment":"Hoàn thành"}')" 200
check "Thái Nguyên sees 06 (finished)" wait_for 30 status_has $DOC1 06
is "Thái Nguyên sees 01, 03, 04, 05, 06 in order" "$(statuses $DOC1)" "01,03,04,05,06"
DID=$(hubq "SELECT document_id FROM hub_messages WHERE kind = 'doc' AND to_codes = '$NA_SO' LIMIT 1")
is "the hub's log holds the statuses 01, 03, 04, 05, 06 from Nghệ An to Thái Nguyên" \
    "$(hubq "SELECT group_concat(status_code, ',') FROM (SELECT status_code FROM hub_messages WHERE kind = 'status' AND document_id = '$DID' AND outcome = 'accepted' ORDER BY id)")" \
    "01,03,04,05,06"
is "  ... each once, each delivered" \
    "$(hubq "SELECT count(*) || ':' || sum(d.state = 'delivered') FROM hub_messages m JOIN hub_deliveries d ON d.message_id = m.id WHERE m.document_id = '$DID'")" \
    "6:6"
on hub "$ADM_HUB"
st=$(api GET "/api/v1/hub/log?document_id=$(printf '%s' "$DID" | jq -sRr @uri)")
is "the hub's log API finds the six packages of the document" "$st:$(body | jq .total)" "200:6"

# ---- a recall, agreed -------------------------------------------------------
S3="Quyết định sẽ được thu hồi qua trục"
issue "$S3" >/dev/null
DOC3=$DOC
check "the second document reaches Nghệ An" wait_for 30 na_has "$S3"
# Its 01 comes back through Nghệ An's job queue and the hub's; the
# recall, the 13, is recorded at once: asked before the 01 is back, the
# two would be listed the other way round, in the order Thái Nguyên
# learnt them.
check "  ... and Thái Nguyên sees its 01" wait_for 30 status_has $DOC3 01
NDOC3=$(na_doc "$S3")
on tn "$VT"
is "Thái Nguyên asks to recall it (202)" \
    "$(api POST /api/v1/exchange/documents/$DOC3/recall '{"reason":"Ban hành nhầm, thu hồi để sửa"}')" 202
has_request() { on na "$VTN"; api GET /api/v1/exchange/requests >/dev/null; [ "$(body | jq .total)" -ge 1 ]; }
check "Nghệ An's clerk gets the recall request through the hub" wait_for 30 has_request
REQ=$(body | jq '.items[0].id')
is "  ... a recall of that document" "$(body | jq -r '.items[0].business'):$(body | jq '.items[0].document')" "recall:$NDOC3"
is "Nghệ An's clerk agrees (200)" "$(api POST /api/v1/exchange/requests/$REQ/agree '{}')" 200
check "Thái Nguyên sees 15" wait_for 30 status_has $DOC3 15
is "  ... in order: 01, 13, 15" "$(statuses $DOC3)" "01,13,15"
api GET "/api/v1/documents?box=incoming&limit=200" >/dev/null
is "the recalled document left Nghệ An's incoming list" "$(body | jq "[.items[].id] | index($NDOC3)")" null

# ---- the hub stopped while Thái Nguyên issues ------------------------------
stop_instance hub
S4="Quyết định gửi khi trục tạm dừng"
issue "$S4" >"$T/st"
is "Thái Nguyên issues while the hub is down (200)" "$(cat "$T/st")" 200
sleep 2
start_instance hub "$T/hub" || exit 1
check "after the hub starts again the package arrives" wait_for 60 na_has "$S4"

# ---- the hub killed with a burst in flight --------------------------------
i=0
while [ $i -lt "$BURST" ]; do
	issue "Loạt qua trục $i" >/dev/null
	i=$((i + 1))
	[ $i -eq $((BURST / 2)) ] && kill_instance hub
done
sleep 1
start_instance hub "$T/hub" || exit 1
burst_done() {
	[ "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary LIKE 'Loạt qua trục %'")" -ge "$BURST" ]
}
check "after the hub is killed and restarted every document of the burst arrives" wait_for 120 burst_done
is "  ... each registered exactly once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) || ':' || count(DISTINCT summary) FROM documents WHERE summary LIKE 'Loạt qua trục %'")" \
    "$BURST:$BURST"
is "  ... and the hub logged each document package once (3 documents, a recall, the burst)" \
    "$(hubq "SELECT count(*) FROM hub_messages WHERE kind = 'doc' AND outcome = 'accepted' AND to_codes = '$NA_SO'")" \
    "$((BURST + 4))"
is "Nghệ An holds the first document once" \
    "$(sqlite3 "$T/na/congso.db" "SELECT count(*) FROM documents WHERE summary = '$S1'")" 1

finish
