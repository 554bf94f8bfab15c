#!/bin/sh
# Installs the Debian packages prescreen builds and runs with (poppler-glib + cairo, tesseract with the
# Chinese and orientation models, leptonica, CJK fonts for the generated samples and fixtures, poppler-utils
# and qpdf for tests and the benchmark baseline, SQLite headers for the state store). Does nothing when they are all there already.
set -eu
PKGS="pkgconf libpoppler-glib-dev libcairo2-dev libtesseract-dev libleptonica-dev tesseract-ocr
tesseract-ocr-chi-sim tesseract-ocr-osd fonts-noto-cjk fonts-wqy-zenhei poppler-utils qpdf libsqlite3-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
