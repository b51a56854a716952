#!/bin/sh
# demo.sh - the Thái Nguyên demo on http://127.0.0.1:8080 (make demo).
# The data folder is demo-data/; delete it to start again from scratch.
set -eu
bin=${CONGSO:-build/congso}
data=${CONGSO_DEMO_DATA:-demo-data}
listen=${CONGSO_LISTEN:-127.0.0.1:8080}
if [ ! -f "$data/congso.db" ]; then
	"$bin" init --data "$data" --demo thai-nguyen
	# Documents in every queue of the demo accounts, and the year's
	# registers of Sở TTTT.
	"$bin" doc demo --data "$data"
	# Dossiers of UBND huyện Đồng Hỷ in every queue of the one-stop
	# officer; the demo's mail is kept in $data/thu-di/ (Maildir).
	"$bin" svc demo --data "$data"
	# Documents from Nghệ An through the exchange, signed with test
	# certificates made with openssl (skipped where it is missing).
	if command -v openssl >/dev/null 2>&1; then
		sh "$(dirname "$0")/demo_exchange.sh" "$bin" "$data"
	fi
fi
echo "Mở http://$listen/ — tài khoản thử: admin, vanthu, lanhdao, chuyenvien,"
echo "motcua, bientap; mật khẩu ThaiNguyen@2026 (xem README.md)."
exec "$bin" serve --data "$data" --listen "$listen"
