#!/bin/sh
# deps.sh - install the Debian 12 packages congso builds, runs and tests
# with, when they are missing. Safe to run again: it installs nothing when
# everything is there. Set CONGSO_DEPS=build to install only what `make`
# needs.
set -eu

build="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libssl-dev
libjansson-dev libargon2-dev zlib1g-dev libp11-kit-dev libcurl4-openssl-dev
fonts-dejavu-core poppler-utils libpoppler-glib-dev libxlsxwriter-dev libqrencode-dev
libxml2-dev libxmlsec1-dev libicu-dev"
test="libcmocka-dev clang libclang-rt-14-dev sqlite3 curl jq chromium
qpdf softhsm2 opensc libnss3-tools python3 postfix xmlsec1"

want=$build
[ "${CONGSO_DEPS:-all}" = build ] || want="$build $test"

missing=
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if ! command -v node >/dev/null 2>&1 && [ "${CONGSO_DEPS:-all}" != build ]; then
	missing="$missing nodejs npm"
fi
if ! command -v npm >/dev/null 2>&1 && [ "${CONGSO_DEPS:-all}" != build ]; then
	missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
sudo=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=sudo
	else
		echo "deps: cần quyền root để cài:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
