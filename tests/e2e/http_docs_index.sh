#!/bin/sh
# http_docs_index.sh - the search index's merges are the job
# "docs.index_merge"'s, not the filings'. Each group of documents filed
# together is written as a small segment of the full-text index, which a
# filing no longer merges with older ones (FTS5's automerge is off,
# migration 025); the job merges them (four or more on a level) in short
# steps, and comes back after docs.index_merge_seconds. What a search
# finds, and whom it shows to, is the same before and after.
. "$(dirname "$0")/lib.sh"

PW=ThaiNguyen@2026
DB=$T/d/congso.db
"$CONGSO" init --data "$T/d" --demo thai-nguyen >/dev/null 2>&1
sqlite3 "$DB" "INSERT INTO settings (key, value)
    VALUES ('docs.index_merge_seconds', '3600')"
q() { sqlite3 "$DB" "$1"; }
segments() { q "SELECT count(DISTINCT segid) FROM docs_fts_idx"; }
merge_job() {
	q "SELECT count(*) FROM jobs WHERE kind = 'docs.index_merge'
	    AND state = '$1'"
}

is "FTS5 merges nothing when it writes (automerge 0)" \
    "$(q "SELECT v FROM docs_fts_config WHERE k = 'automerge'")" 0
is "  ... the job merges four segments of a level (usermerge 4)" \
    "$(q "SELECT v FROM docs_fts_config WHERE k = 'usermerge'")" 4

start_server "$T/d" || exit 1
# The job's first run is due ten seconds after the start: held back
# while the documents are filed.
q "UPDATE jobs SET run_at = strftime('%s') + 3600
    WHERE kind = 'docs.index_merge' AND state = 'queued'"
is "the server queued the merging job once" "$(merge_job queued)" 1

TOKEN=$(token vanthu $PW)
before=$(segments)
i=1
while [ $i -le 12 ]; do
	st=$(api POST /api/v1/incoming "{\"type\":\"CV\",
	    \"issuer_name\":\"Bộ Tài chính\", \"notation\":\"$i/BTC-HCSN\",
	    \"date\":\"2026-11-20\",
	    \"summary\":\"Về việc kiểm kê tài sản công đợt $i năm 2026\"}")
	[ "$st" = 201 ] || break
	i=$((i + 1))
done
is "twelve documents filed one after another" "$i" 13
filed=$(segments)
check "  ... each written as a segment of its own, none merged ($before, then $filed)" \
    test "$filed" -ge $((before + 12))

# found WORDS: how many of the twelve the token's holder finds.
found() {
	api GET "/api/v1/documents?q=$1&limit=50" >/dev/null
	body | jq '[.items[] | select(.notation | endswith("/BTC-HCSN"))] | length'
}
is "the clerk finds the twelve by a word of their summary" \
    "$(found "kiem%20ke%20tai%20san")" 12

# Now due: the worker looks for due jobs every second.
q "UPDATE jobs SET run_at = 0 WHERE kind = 'docs.index_merge'
    AND state = 'queued'"
n=0
while [ $n -lt 150 ] && [ "$(merge_job done)" -lt 1 ]; do
	sleep 0.2; n=$((n + 1))
done
n=0
while [ $n -lt 150 ] && [ "$(q "SELECT count(*) FROM jobs
    WHERE kind = 'docs.index_merge' AND state IN ('queued', 'running')
    AND run_at < strftime('%s') + 60")" != 0 ]; do
	sleep 0.2; n=$((n + 1))
done
merged=$(segments)
check "the job merged the segments ($filed, then $merged)" \
    test "$merged" -le 4
is "  ... and comes back after docs.index_merge_seconds" \
    "$(q "SELECT run_at - strftime('%s') BETWEEN 3500 AND 3600 FROM jobs
        WHERE kind = 'docs.index_merge' AND state = 'queued'")" 1
is "  ... with no job failed" "$(merge_job failed)" 0
is "the clerk still finds the twelve" "$(found "kiem%20ke%20tai%20san")" 12
is "  ... and each by its own words (dot 7)" \
    "$(found "kiem%20ke%20dot%207")" 1
TOKEN=$(token admin $PW)
api GET "/api/v1/units?kind=commune&limit=1" >/dev/null
api POST /api/v1/people "{\"username\":\"cv.xa\",
    \"full_name\":\"Lý Văn Cường\", \"unit_id\":$(body | jq '.items[0].id'),
    \"roles\":[\"specialist\"]}" >/dev/null
printf '%s\n' "$PW" | "$CONGSO" user passwd cv.xa --data "$T/d" >/dev/null 2>&1
TOKEN=$(token cv.xa $PW)
is "a specialist of a commune finds none of them" \
    "$(found "kiem%20ke%20tai%20san")" 0

finish
