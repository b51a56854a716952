#!/bin/sh
# openapi_check.sh - docs/openapi.yaml against the route tables in the C
# sources: every JSON API route (the ROUTE_API rows of src/*/*.c: /api/v1
# and /healthz, /metrics) is documented with its method and role, and
# every documented operation exists. The YAML is read with awk, which
# relies on the file's fixed two-space indentation (paths at 2 spaces,
# methods at 4, operation keys at 6); when python3 has the yaml module
# the file is also parsed fully and both readings must agree.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/e2e/lib.sh

SPEC=docs/openapi.yaml

# Route rows, one per line: "METHOD PATH KIND ROLE". A row may wrap over
# several lines in the source; it is joined up to its closing brace.
awk '
	function flush(   s, p, f, n) {
		s = row; row = ""; inrow = 0
		if (!match(s, /"[^"]*"/))
			return
		p = substr(s, RSTART + 1, RLENGTH - 2)
		s = substr(s, 1, RSTART - 1) "PATH" substr(s, RSTART + RLENGTH)
		gsub(/[{}\t ]/, "", s)
		n = split(s, f, ",")
		if (n < 4)
			return
		sub(/^HTTP_/, "", f[1])
		print f[1], p, f[3], f[4]
	}
	/^[ \t]*\{ *HTTP_[A-Z]+ *,/ { inrow = 1; row = "" }
	inrow { row = row " " $0; if ($0 ~ /\}/) flush() }
' src/*/*.c | awk '$3 == "ROUTE_API"' | sed 's/{}/{id}/g' |
    sort -u >"$T/code"

# Operations of the spec, one per line: "METHOD PATH ROLE PUBLIC", where
# PUBLIC is "yes" when the operation says `security: []`.
awk '
	function flush() {
		if (method != "")
			print toupper(method), path, (role == "" ? "-" : role),
			    (open ? "yes" : "no")
		method = ""; role = ""; open = 0
	}
	/^[^ #]/ { flush(); inpaths = ($0 ~ /^paths:[ ]*$/); next }
	!inpaths { next }
	/^  \/[^ ]*:[ ]*$/ {
		flush(); path = $1; sub(/:$/, "", path); next
	}
	/^    (get|put|post|delete|patch|head|options|trace):[ ]*$/ {
		flush(); method = $1; sub(/:$/, "", method); next
	}
	/^    [^ ]/ { flush(); next }
	method != "" && /^      x-congso-role:/ { role = $2 }
	method != "" && /^      security: *\[\] *$/ { open = 1 }
	END { flush() }
' "$SPEC" | sort >"$T/spec"

# Structure
has "the spec says openapi 3.0.3" "$(sed -n 1p "$SPEC")" "openapi: 3.0.3"
n=$(grep -c . "$T/code")
check "the route tables have JSON API routes ($n)" test "$n" -gt 10
n=$(grep -c . "$T/spec")
check "the spec has operations ($n)" test "$n" -gt 10
dups=$(cut -d' ' -f1,2 "$T/spec" | uniq -d)
is "no operation is documented twice" "$dups" ""
tabs=$(grep -n "$(printf '\t')" "$SPEC" | head -n 3)
is "the spec has no tab characters" "$tabs" ""
odd=$(awk '/^ *[^ ]/ { match($0, /^ */); if (RLENGTH % 2) print NR }' "$SPEC" |
    head -n 3)
is "every line is indented by a multiple of two spaces" "$odd" ""
ids=$(sed -n 's/^      operationId: *//p' "$SPEC" | sort | uniq -d)
is "operationIds are unique" "$ids" ""

# Every $ref to a component names one that is defined.
awk '
	/^[^ #]/ { incomp = ($0 ~ /^components:/); next }
	incomp && /^  [a-zA-Z]+:[ ]*$/ { sec = $1; sub(/:$/, "", sec); next }
	incomp && /^    [A-Za-z0-9_.-]+:[ ]*$/ {
		n = $1; sub(/:$/, "", n); print "def", sec "/" n
	}
	/\$ref:/ {
		r = $0; sub(/.*\$ref: *["'"'"']?#\/components\//, "", r)
		sub(/["'"'"'].*$/, "", r); sub(/ *$/, "", r); print "ref", r
	}
' "$SPEC" >"$T/refs"
missing=$(awk '$1 == "def" { d[$2] = 1 } $1 == "ref" { r[$2] = 1 }
    END { for (k in r) if (!(k in d)) print k }' "$T/refs" | sort)
is "every \$ref names a defined component" "$missing" ""

# Code -> spec: each route documented with its method and role.
while read -r method path kind role; do
	want=$(printf '%s\n' "$role" | sed -e 's/|/,/g' \
	    -e 's/ROLE_PUBLIC/public/' -e 's/ROLE_USER/user/' \
	    -e 's/DIR_ROLE_\([A-Z]*\)/\1/g' | tr 'A-Z' 'a-z')
	line=$(awk -v m="$method" -v p="$path" '$1 == m && $2 == p' "$T/spec")
	if [ -z "$line" ]; then
		not_ok "$method $path is documented" \
		    "no '$path: ${method}' operation in $SPEC"
		continue
	fi
	ok "$method $path is documented"
	set -- $line
	is "$method $path: x-congso-role is $want" "$3" "$want"
	if [ "$want" = public ]; then
		is "$method $path: public, so security: []" "$4" yes
	else
		is "$method $path: signed in, so no security: []" "$4" no
	fi
done <"$T/code"

# Spec -> code: each documented operation exists.
while read -r method path role open; do
	if awk -v m="$method" -v p="$path" '$1 == m && $2 == p { f = 1 }
	    END { exit !f }' "$T/code"; then
		ok "documented $method $path exists in the route tables"
	else
		not_ok "documented $method $path exists in the route tables" \
		    "no { HTTP_$method, \"$path\" } row (with {} for {id})"
	fi
done <"$T/spec"

# A full parse when a YAML parser is at hand; both readings must agree.
if python3 -c 'import yaml' >/dev/null 2>&1; then
	if python3 - "$SPEC" >"$T/parsed" 2>"$T/parse.err" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert doc["openapi"] == "3.0.3", "openapi is not 3.0.3"
for path, item in doc["paths"].items():
    for method, op in item.items():
        if method in ("get", "put", "post", "delete", "patch", "head",
                      "options", "trace"):
            assert "responses" in op, "%s %s: no responses" % (method, path)
            print(method.upper(), path)
EOF
	then
		ok "the spec parses as YAML"
		sort "$T/parsed" >"$T/parsed.sorted"
		cut -d' ' -f1,2 "$T/spec" >"$T/spec.ops"
		diff=$(diff "$T/spec.ops" "$T/parsed.sorted")
		is "the YAML parser and awk read the same operations" "$diff" ""
	else
		not_ok "the spec parses as YAML" "$(tail -n 1 "$T/parse.err")"
	fi
else
	echo "# skip: no python3 yaml module, the spec was read with awk only"
fi

finish
