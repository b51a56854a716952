#!/bin/sh
# http_docs_extract.sh - the text extraction of attachments by resident
# helpers (congso-pdftext), under a limit on the CPU time of each file
# (setting docs.extract_seconds). A PDF no larger than
# docs.extract_now_max is read while it is filed, by a helper at the
# server's priority: its text is stored and searchable when the answer
# comes, and no job is queued for it. Larger ones, and one that helper
# could not finish within its shorter limit, are read by the job queue's
# helper at idle priority (SCHED_IDLE). A damaged file is marked failed
# with the reason and the helper goes on with the next; a helper that
# never ends computing is killed by the limit and a new one is started.
# (Search by a PDF's text is in http_docs.sh.)
. "$(dirname "$0")/lib.sh"

PW=ThaiNguyen@2026
HELPER=$(dirname "$CONGSO")/congso-pdftext
"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
# set_setting KEY VALUE: as an operator would with sqlite3; a running
# server sees it within MEMO_SECONDS (2 s), when what it remembered ends.
set_setting() {
	sqlite3 "$T/d/congso.db" "INSERT INTO settings (key, value)
	    VALUES ('$1', '$2') ON CONFLICT (key) DO UPDATE
	    SET value = excluded.value"
	[ -z "${SERVER_PID:-}" ] || sleep 2.2
}
set_setting docs.extract_seconds 1
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
# state_now: the state of DOC's first file at once.
state_now() {
	api GET "/api/v1/documents/$DOC" >/dev/null
	body | jq -r '.files[0].text_state'
}
# text_state: the state of DOC's first file once it is no longer pending.
text_state() {
	n=0
	while [ $n -lt 150 ]; do
		s=$(state_now)
		[ "$s" != pending ] && { echo "$s"; return; }
		sleep 0.2; n=$((n + 1))
	done
	echo pending
}
jobs_of_doc() {
	sqlite3 "$T/d/congso.db" "SELECT count(*) FROM jobs j
	    JOIN doc_attachments a ON a.id = j.payload ->> '\$.file'
	    WHERE j.kind = 'docs.extract' AND a.doc_id = $DOC"
}
helpers() { pgrep -f "$1" | wc -l | tr -d ' '; }
# policy PID: its scheduling policy (0 normal, 5 SCHED_IDLE).
policy() { cut -d' ' -f41 "/proc/$1/stat" 2>/dev/null; }
found() {
	api GET "/api/v1/documents?q=$1&limit=50" >/dev/null
	body | jq "[.items[].id] | index($DOC) != null"
}

# --- refused before any file is read -------------------------------------
# A filing from outside whose fields are wrong is refused before the text
# of its files is read: no helper has been started yet, and none is.
mkpdf "$T/r.pdf" "Van ban bi tu choi"
TOKEN=$(token vanthu $PW)
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -F type=CV -F issuer_name="Sở Tài chính" -F notation=78/STC-QLGCS \
    -F date=2026-11-20 -F "file=@$T/r.pdf;type=application/pdf" \
    "$BASE/api/v1/incoming")
is "a filing from outside without a summary is refused (422)" \
    "$st:$(body | jq -r .error.code)" "422:invalid_summary"
is "  ... before its PDF is read: no text helper was started" \
    "$(helpers "^$HELPER")" 0
is "  ... and nothing was filed" "$(sqlite3 "$T/d/congso.db" \
    "SELECT count(*) FROM documents WHERE notation = '78/STC-QLGCS'")" 0
TOKEN=$(token chuyenvien $PW)

# --- read while it is filed ---------------------------------------------
mkpdf "$T/a.pdf" "Ke hoach so hoa kho luu tru ho so"
new_doc
is "a PDF is attached (201)" "$(attach "$T/a.pdf")" 201
is "  ... its text is read by the time of the answer" "$(state_now)" done
is "  ... no job was queued for it" "$(jobs_of_doc)" 0
is "  ... the document is found by the text of its file at once" \
    "$(found kho%20luu%20tru)" true
is "  ... by one helper, still running after it" "$(helpers "^$HELPER")" 1
pid1=$(pgrep -f "^$HELPER")
is "  ... at the server's priority (policy 0)" "$(policy "$pid1")" 0
mkpdf "$T/b.pdf" "Bao cao ket qua quy IV"
new_doc
attach "$T/b.pdf" >/dev/null
is "a second PDF is read" "$(state_now)" done
is "  ... by the same helper" "$(pgrep -f "^$HELPER")" "$pid1"

# A document filed from outside with its file, as a clerk's scanner does.
TOKEN=$(token vanthu $PW)
mkpdf "$T/c.pdf" "Cong van ve viec kiem ke tai san cong"
curl -s -o "$T/body" -H "Authorization: Bearer $TOKEN" \
    -F type=CV -F issuer_name="Sở Tài chính" -F notation=77/STC-QLGCS \
    -F date=2026-11-20 -F summary="Về việc kiểm kê tài sản" \
    -F "file=@$T/c.pdf;type=application/pdf" "$BASE/api/v1/incoming" >/dev/null
DOC=$(body | jq .id)
is "a document filed with its PDF has the file's text when answered" \
    "$(body | jq -r '.files[0].text_state')" done
is "  ... and is found by it" "$(found kiem%20ke%20tai%20san%20cong)" true
is "  ... with no job queued" "$(jobs_of_doc)" 0
# Several files in one filing: each kept, each read; more than 16: refused.
set -- -F type=CV -F issuer_name="Sở Tài chính" -F notation=79/STC-QLGCS \
    -F date=2026-11-20 -F summary="Về việc kiểm kê, kèm phụ lục"
for f in a b c; do set -- "$@" -F "file=@$T/$f.pdf;type=application/pdf"; done
curl -s -o "$T/body" -H "Authorization: Bearer $TOKEN" "$@" \
    "$BASE/api/v1/incoming" >/dev/null
is "a document filed with three PDFs keeps the three" \
    "$(body | jq '[.files[] | .text_state] | join(",")')" '"done,done,done"'
is "  ... in the order sent" "$(body | jq -r '[.files[].filename] | join(",")')" \
    "a.pdf,b.pdf,c.pdf"
i=0
while [ $i -lt 14 ]; do set -- "$@" -F "file=@$T/a.pdf;type=application/pdf"; i=$((i + 1)); done
st=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$@" "$BASE/api/v1/incoming")
is "  ... seventeen files are refused (400 bad_upload)" \
    "$st:$(body | jq -r .error.code)" "400:bad_upload"
TOKEN=$(token chuyenvien $PW)


# A damaged file: failed with the reason; the helper is not harmed.
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n' >"$T/bad.pdf"
new_doc
attach "$T/bad.pdf" >/dev/null
is "a damaged PDF's text is marked failed when it is attached" \
    "$(state_now)" failed
has "  ... and the log says why" "$(cat "$T/serve.log")" "congso-pdftext:"
is "  ... the same helper goes on" "$(pgrep -f "^$HELPER")" "$pid1"
is "  ... its document is still found by its summary" \
    "$(found ke%20hoach%20chuyen%20doi%20so)" true

# --- larger files: the job queue ----------------------------------------
set_setting docs.extract_now_max 100
new_doc
attach "$T/a.pdf" >/dev/null
is "a PDF over docs.extract_now_max is left to the job queue" "$(jobs_of_doc)" 1
is "  ... which reads it" "$(text_state)" done
is "  ... and the document is found by its text" "$(found kho%20luu%20tru)" true
pid2=$(pgrep -f "^$HELPER" | grep -vx "$pid1")
is "  ... by a helper of its own" "$(helpers "^$HELPER")" 2
is "  ... at idle priority (SCHED_IDLE = 5)" "$(policy "$pid2")" 5
new_doc
attach "$T/bad.pdf" >/dev/null
is "  ... a damaged file there is marked failed too" "$(text_state)" failed
set_setting docs.extract_now_max 0
new_doc
attach "$T/b.pdf" >/dev/null
is "docs.extract_now_max 0: every PDF is left to the job queue" \
    "$(jobs_of_doc)" 1
stop_server
n=0
while [ $n -lt 50 ] && [ "$(helpers "^$HELPER")" != 0 ]; do
	sleep 0.1; n=$((n + 1))
done
is "the helpers end with the server" "$(helpers "^$HELPER")" 0

# --- the helper's own requests -------------------------------------------
# Each request is one record of its socket, "<max bytes>\n" with the
# PDF's descriptor; a bad one (too long, without its newline, without a
# descriptor) is answered ERR, and the next is read as usual.
ask_helper() {
	python3 - "$HELPER" "$T/a.pdf" <<'PY'
import array, os, socket, subprocess, sys
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
p = subprocess.Popen([sys.argv[1]], stdin=b, stdout=subprocess.PIPE)
b.close()
pdf = os.open(sys.argv[2], os.O_RDONLY)
def ask(line, fd=None):
    anc = [] if fd is None else [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
        array.array("i", [fd]))]
    os.lseek(pdf, 0, os.SEEK_SET)
    a.sendmsg([line], anc)
    head = p.stdout.readline().decode().strip()
    if head.startswith("OK "):
        text = p.stdout.read(int(head[3:])).decode()
        return "OK:" + " ".join(text.split())
    return head
print("|".join([ask(b"4096\n", pdf), ask(b"9" * 80 + b"\n", pdf),
    ask(b"4096", pdf), ask(b"4096\n"), ask(b"16\n", pdf)]))
a.close()
p.wait()
PY
}
is "the helper answers a request, refuses bad ones and goes on" \
    "$(ask_helper)" "OK:Ke hoach so hoa kho luu tru ho so|ERR bad request|ERR bad request|ERR no file sent|OK:Ke hoach so hoa"

# --- a helper that computes forever -------------------------------------
# Named by CONGSO_PDFTEXT; it leaves its scheduling class where the test
# can read it. It takes the request with one read (a record of the
# socket: the shell's `read`, a byte at a time, would drop the rest).
cat >"$T/spin" <<EOF
#!/bin/sh
dd bs=64 count=1 >/dev/null 2>&1
cut -d' ' -f41 /proc/\$\$/stat >"$T/policy"
while :; do :; done
EOF
chmod +x "$T/spin"
set_setting docs.extract_now_max 1048576
CONGSO_PDFTEXT=$T/spin; export CONGSO_PDFTEXT
start_server "$T/d" || exit 1
unset CONGSO_PDFTEXT
new_doc
is "with a helper that never answers, a PDF is attached (201)" "$(attach "$T/a.pdf")" 201
is "  ... the helper is stopped past the CPU limit: the text is failed" \
    "$(state_now)" failed
is "  ... it ran at the server's priority" "$(cat "$T/policy" 2>/dev/null)" 0
has "  ... and the log says why" "$(cat "$T/serve.log")" "quá 1 giây xử lý"
is "  ... no helper is left running" "$(helpers "$T/spi[n]")" 0
is "  ... the document still reads (200)" "$(api GET /api/v1/documents/$DOC)" 200

# A limit longer than a filing waits (2 s of CPU): past those, the file
# goes to the job queue, which gives it the whole limit.
set_setting docs.extract_seconds 3
rm -f "$T/policy"
new_doc
is "with a limit of 3 s, a file not read within 2 s is attached (201)" \
    "$(attach "$T/a.pdf")" 201
is "  ... and left to the job queue" "$(state_now) $(jobs_of_doc)" "pending 1"
is "  ... whose helper is stopped past the 3 s: failed" "$(text_state)" failed
is "  ... it ran at idle priority (SCHED_IDLE = 5)" "$(cat "$T/policy" 2>/dev/null)" 5
has "  ... and the log says why" "$(cat "$T/serve.log")" "quá 3 giây xử lý"
is "  ... no helper is left running" "$(helpers "$T/spi[n]")" 0

# --- files queued behind a helper that never answers ----------------------
# A filing waits at most 5 s for its text in all, the wait for a free
# helper included: six filings behind helpers that hang (at most one per
# core, four) are each answered within that, not a turn of 5 s each.
cat >"$T/hang" <<EOF
#!/bin/sh
dd bs=64 count=1 >/dev/null 2>&1
exec sleep 600
EOF
chmod +x "$T/hang"
set_setting docs.extract_seconds 2
stop_server
CONGSO_PDFTEXT=$T/hang SERVE_ARGS="--threads 16"
export CONGSO_PDFTEXT SERVE_ARGS
start_server "$T/d" || exit 1
unset CONGSO_PDFTEXT SERVE_ARGS
i=0 pids=
while [ $i -lt 6 ]; do
	new_doc
	echo "$DOC" >>"$T/queued"
	i=$((i + 1))
done
for d in $(cat "$T/queued"); do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
	    -H "Authorization: Bearer $TOKEN" \
	    -F "file=@$T/a.pdf;type=application/pdf" \
	    "$BASE/api/v1/documents/$d/files" >>"$T/times" &
	pids="$pids $!"
	sleep 0.2
done
# shellcheck disable=SC2086
wait $pids
is "six files attached at once behind hung helpers (201 each)" \
    "$(cut -d' ' -f1 "$T/times" | sort | uniq -c | tr -s ' ')" " 6 201"
slowest=$(sort -k2 -n "$T/times" | tail -1 | cut -d' ' -f2)
is "  ... the slowest answered within the 5 s a filing waits (< 8 s)" \
    "$(awk -v t="$slowest" 'BEGIN { print (t < 8) ? "yes" : "no: " t " s" }')" yes
DOC=$(tail -1 "$T/queued")
is "  ... its text left to the job queue" "$(state_now)" pending
stop_server
is "  ... no hung helper is left once the server stops" "$(helpers "$T/han[g]")" 0

finish
