#!/bin/sh
# make install / make uninstall (docs/OPERATIONS.md). Copies the statically linked release binary, the pipelines,
# the man page, shell completions, the systemd examples and any extra runtime libraries and data into PREFIX, and
# records every file it wrote in PREFIX/share/prescreen/install-manifest.txt, which uninstall removes again.
#
# Environment (set by the Makefile): PREFIX, DESTDIR, BIN (the built binary), MAN (the generated man page),
# RUNTIME_LIBS (files copied into PREFIX/lib/prescreen, found through the binary's rpath $ORIGIN/../lib/prescreen),
# RUNTIME_DATA (files or folders copied into PREFIX/share/prescreen).
set -eu
cd "$(dirname "$0")/.."
: "${PREFIX:=/usr/local}"
: "${DESTDIR:=}"
root="$DESTDIR$PREFIX"
manifest="$root/share/prescreen/install-manifest.txt"

case "${1:-}" in
install)
  : "${BIN:?the built binary}" "${MAN:?the generated man page}"
  [ -x "$BIN" ] || { echo "install: $BIN is missing: run make release-static" >&2; exit 1; }
  list=$(mktemp)
  trap 'rm -f "$list"' EXIT
  # put SOURCE DEST MODE: copies one file and records it (relative to PREFIX).
  put() {
    install -D -m "$3" "$1" "$root/$2"
    echo "$2" >>"$list"
  }
  put "$BIN" bin/prescreen 0755
  for p in Pipelines/*.yml; do put "$p" "share/prescreen/pipelines/$(basename "$p")" 0644; done
  # generate-manual lists the hidden child-process command (_worker) too: it is not for people, leave it out.
  tmpman=$(mktemp)
  awk '/^\.It Em _worker$/ { skip = 1; next } skip && /^\.It Em / { skip = 0 } !skip' "$MAN" >"$tmpman"
  put "$tmpman" share/man/man1/prescreen.1 0644
  rm -f "$tmpman"
  for f in deploy/systemd/*; do put "$f" "share/prescreen/systemd/$(basename "$f")" 0644; done
  # Completions from the binary itself (swift-argument-parser), so they always match its options.
  tmp=$(mktemp -d)
  "$BIN" --generate-completion-script bash >"$tmp/prescreen.bash"
  "$BIN" --generate-completion-script zsh >"$tmp/_prescreen"
  "$BIN" --generate-completion-script fish >"$tmp/prescreen.fish"
  put "$tmp/prescreen.bash" share/bash-completion/completions/prescreen 0644
  put "$tmp/_prescreen" share/zsh/site-functions/_prescreen 0644
  put "$tmp/prescreen.fish" share/fish/vendor_completions.d/prescreen.fish 0644
  rm -rf "$tmp"
  # Extra runtime libraries and data (for example an OCR engine's .so files and models under /opt/prescreen-deps).
  # A versioned library's unversioned name (libopenvino.so -> libopenvino.so.2641) stays a link, not a second copy.
  for lib in ${RUNTIME_LIBS:-}; do
    name="lib/prescreen/$(basename "$lib")"
    if [ -L "$lib" ]; then
      mkdir -p "$root/lib/prescreen"
      ln -sfn "$(readlink "$lib")" "$root/$name"
      echo "$name" >>"$list"
    else
      put "$lib" "$name" 0644
    fi
  done
  for item in ${RUNTIME_DATA:-}; do
    if [ -d "$item" ]; then
      base=$(basename "$item")
      (cd "$item" && find . -type f) | while read -r f; do
        f=${f#./}
        put "$item/$f" "share/prescreen/$base/$f" 0644
      done
    else
      put "$item" "share/prescreen/$(basename "$item")" 0644
    fi
  done
  echo "share/prescreen/install-manifest.txt" >>"$list"
  sort -u "$list" >"$manifest"
  chmod 0644 "$manifest"
  echo "installed $(wc -l <"$manifest") files under $root (list: $manifest)"
  ;;
uninstall)
  [ -f "$manifest" ] || { echo "uninstall: nothing recorded in $manifest" >&2; exit 0; }
  dirs=$(mktemp)
  trap 'rm -f "$dirs"' EXIT
  while read -r f; do
    [ -n "$f" ] || continue
    case "$f" in /*|*..*) echo "uninstall: skipping odd entry $f" >&2; continue ;; esac
    rm -f "$root/$f"
    dirname "$f" >>"$dirs"
  done <"$manifest"
  # Remove prescreen's own folders (under lib/prescreen and share/prescreen), deepest first, once empty; shared
  # ones such as bin or share/man stay.
  sort -ru "$dirs" | while read -r d; do
    while :; do
      case "$d" in lib/prescreen|lib/prescreen/*|share/prescreen|share/prescreen/*) ;; *) break ;; esac
      rmdir "$root/$d" 2>/dev/null || break
      d=$(dirname "$d")
    done
  done
  echo "removed prescreen from $root"
  ;;
*)
  echo "usage: scripts/install.sh install|uninstall" >&2
  exit 2
  ;;
esac
