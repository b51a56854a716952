#!/bin/sh
# http_docs_extract.sh - the text extraction of attachments: one resident
# helper (congso-pdftext) reads every PDF, at idle priority (SCHED_IDLE),
# under a limit on the CPU time of each file (setting
# docs.extract_seconds). A damaged file is marked failed with the reason
# and the helper goes on with the next; a helper that never ends
# computing is killed by the limit and a new one is started. (Search by a
# PDF's text is in http_docs.sh.)
. "$(dirname "$0")/lib.sh"

PW=ThaiNguyen@2026
HELPER=$(dirname "$CONGSO")/congso-pdftext
"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
sqlite3 "$T/d/congso.db" "INSERT INTO settings (key, value)
    VALUES ('docs.extract_seconds', '1')"
start_server "$T/d" || exit 1
TOKEN=$(token chuyenvien $PW)

# new_doc: a draft; sets DOC.
new_doc() {
	api POST /api/v1/documents \
	    '{"type":"KH","summary":"Kế hoạch chuyển đổi số năm 2026"}' >/dev/null
	DOC=$(body | jq .id)
}
# attach FILE: attach FILE to DOC; its status.
attach() {
	curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	    -F "file=@$1;type=application/pdf" "$BASE/api/v1/documents/$DOC/files"
}
# text_state: the state of DOC's first file once it is no longer pending.
text_state() {
	n=0
	while [ $n -lt 150 ]; do
		api GET "/api/v1/documents/$DOC" >/dev/null
		s=$(body | jq -r '.files[0].text_state')
		[ "$s" != pending ] && { echo "$s"; return; }
		sleep 0.2; n=$((n + 1))
	done
	echo pending
}
helpers() { pgrep -f "$1" | wc -l | tr -d ' '; }

# Two files read by one helper that stays.
mkpdf "$T/a.pdf" "Ke hoach so hoa kho luu tru ho so"
new_doc
is "a PDF is attached (201)" "$(attach "$T/a.pdf")" 201
is "  ... its text is read" "$(text_state)" done
is "  ... by one helper, still running after it" "$(helpers "^$HELPER")" 1
pid1=$(pgrep -f "^$HELPER")
is "  ... at idle priority (SCHED_IDLE = 5)" \
    "$(cut -d' ' -f41 "/proc/$pid1/stat" 2>/dev/null)" 5
api GET "/api/v1/documents?q=kho%20luu%20tru" >/dev/null
is "  ... and the document is found by the text of its file" "$(body | jq "[.items[].id] | index($DOC) != null")" true
mkpdf "$T/b.pdf" "Bao cao ket qua quy IV"
new_doc
attach "$T/b.pdf" >/dev/null
is "a second PDF is read" "$(text_state)" done
is "  ... by the same helper" "$(pgrep -f "^$HELPER")" "$pid1"

# A damaged file: failed with the reason; the helper is not harmed.
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n' >"$T/bad.pdf"
new_doc
attach "$T/bad.pdf" >/dev/null
is "a damaged PDF's text is marked failed" "$(text_state)" failed
has "  ... and the log says why" "$(cat "$T/serve.log")" "congso-pdftext:"
is "  ... the same helper goes on" "$(pgrep -f "^$HELPER")" "$pid1"
api GET "/api/v1/documents?q=ke%20hoach%20chuyen%20doi%20so&limit=50" >/dev/null
is "  ... its document is still found by its summary" \
    "$(body | jq "[.items[].id] | index($DOC) != null")" true
new_doc
attach "$T/a.pdf" >/dev/null
is "  ... and reads the next file" "$(text_state)" done
stop_server
n=0
while [ $n -lt 50 ] && [ "$(helpers "^$HELPER")" != 0 ]; do
	sleep 0.1; n=$((n + 1))
done
is "the helper ends with the server" "$(helpers "^$HELPER")" 0

# A helper that computes forever, named by CONGSO_PDFTEXT; it leaves its
# scheduling class where the test can read it.
cat >"$T/spin" <<EOF
#!/bin/sh
read -r line
cut -d' ' -f41 /proc/\$\$/stat >"$T/policy"
while :; do :; done
EOF
chmod +x "$T/spin"
CONGSO_PDFTEXT=$T/spin; export CONGSO_PDFTEXT
start_server "$T/d" || exit 1
unset CONGSO_PDFTEXT
new_doc
is "with a helper that never answers, a PDF is attached (201)" "$(attach "$T/a.pdf")" 201
is "  ... the helper is stopped past the CPU limit: the text is marked failed" \
    "$(text_state)" failed
is "  ... it ran at idle priority (SCHED_IDLE = 5)" "$(cat "$T/policy" 2>/dev/null)" 5
has "  ... and the log says why" "$(cat "$T/serve.log")" "quá 1 giây xử lý"
is "  ... no helper is left running" "$(helpers "$T/spi[n]")" 0
is "  ... the document still reads (200)" "$(api GET /api/v1/documents/$DOC)" 200

finish
