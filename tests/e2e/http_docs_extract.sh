#!/bin/sh
# http_docs_extract.sh - the text extraction of attachments under limits:
# pdftotext runs as a child at idle priority (SCHED_IDLE) with a limit on
# its CPU time (settings docs.extract_seconds). A pdftotext that never
# ends computing is killed by that limit, the file's text is marked
# failed with the reason, and the document stays usable. (The normal
# extraction and search by a PDF's text are in http_docs.sh.)
. "$(dirname "$0")/lib.sh"

PW=ThaiNguyen@2026
"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
sqlite3 "$T/d/congso.db" "INSERT INTO settings (key, value)
    VALUES ('docs.extract_seconds', '1')"
# A pdftotext that computes forever, first on the server's PATH; it
# leaves its scheduling class where the test can read it.
mkdir "$T/bin"
cat >"$T/bin/pdftotext" <<EOF
#!/bin/sh
sleep 0.2	# the server sets the class just after starting it
cut -d' ' -f41 /proc/\$\$/stat >"$T/policy"
while :; do :; done
EOF
chmod +x "$T/bin/pdftotext"
OLDPATH=$PATH
PATH="$T/bin:$PATH"; export PATH
start_server "$T/d" || exit 1
PATH=$OLDPATH; export PATH

mkpdf "$T/a.pdf" "Ke hoach chuyen doi so"
TOKEN=$(token chuyenvien $PW)
api POST /api/v1/documents '{"type":"KH","summary":"Kế hoạch chuyển đổi số năm 2026"}' >/dev/null
DOC=$(body | jq .id)
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F "file=@$T/a.pdf" "$BASE/api/v1/documents/$DOC/files")
is "a PDF is attached (201)" "$st" 201

state() {
	api GET "/api/v1/documents/$DOC" >/dev/null
	body | jq -r '.files[0].text_state'
}
n=0
while [ $n -lt 100 ] && [ "$(state)" = pending ]; do
	sleep 0.2; n=$((n + 1))
done
is "a pdftotext that computes past its CPU limit is stopped: the text is marked failed" \
    "$(state)" failed
is "  ... it ran at idle priority (SCHED_IDLE = 5)" "$(cat "$T/policy" 2>/dev/null)" 5
has "  ... and the log says why" "$(cat "$T/serve.log")" "quá 1 giây xử lý"
is "  ... no pdftotext is left running" "$(pgrep -f "$T/bin/pdftotex[t]" | wc -l | tr -d ' ')" 0
is "  ... the document still reads (200)" "$(api GET /api/v1/documents/$DOC)" 200

finish
