#!/usr/bin/env python3
"""Character error rate of OCR against the text the generator drew (scripts/cer.sh; docs/RECOGNITION.md).

Usage: cer.py REFERENCE_DUMPS HYPOTHESIS_DUMPS LABEL

Both folders hold PRESCREEN_DUMP_TEXT files of the same generated corpus: REFERENCE scanned as text PDFs
(`--scan-share 0`), HYPOTHESIS with those PDFs written as image-only scans (`--scan-share 1`). For every page
that is `text-layer` in the reference and `ocr` only in the hypothesis, the visible text-layer characters are
the truth (characters under a mask, marked ▒ in the dump, are left out on both sides) and whitespace is
ignored. Prints one line: LABEL, pages, reference characters, CER = edit distance / reference length.
"""
import os
import sys


def pages(folder):
    """{(applicant, path, page): {source: text}} from every dump in folder."""
    out = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        key, source, buf = None, None, []
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        def flush():
            if key is not None:
                out.setdefault(key, {})[source] = "\n".join(buf)
        for line in lines:
            if line.startswith("## "):
                flush()
                head = line[3:].rsplit(" ", 3)
                if len(head) != 4:
                    key = None
                    continue
                path, page, source, _ = head
                key, buf = (name, path, page), []
            elif key is not None:
                buf.append(line)
        flush()
    return out


def visible(text):
    """The text without whitespace and without the characters marked hidden (▒ before them)."""
    out, hide = [], False
    for ch in text:
        if ch == "\u2592":
            hide = True
            continue
        if hide:
            hide = False
            continue
        if not ch.isspace():
            out.append(ch)
    return "".join(out)


def distance(a, b):
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    ref, hyp = pages(sys.argv[1]), pages(sys.argv[2])
    n = chars = errors = 0
    for key, sources in ref.items():
        if set(sources) != {"text-layer"}:
            continue
        h = hyp.get(key, {})
        if "text-layer" in h:
            continue
        truth = visible(sources["text-layer"])
        if not truth:
            continue
        n += 1
        chars += len(truth)
        errors += distance(truth, visible(h.get("ocr", "")))
    if chars == 0:
        print("%s: no scanned pages to compare" % sys.argv[3])
        return 1
    print("%s: pages %d, characters %d, CER %.4f" % (sys.argv[3], n, chars, errors / chars))
    return 0


if __name__ == "__main__":
    sys.exit(main())
