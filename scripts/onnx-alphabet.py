#!/usr/bin/env python3
"""Writes a PP-OCR recognition model's alphabet, one entry a line, from its ONNX metadata.

Usage: onnx-alphabet.py MODEL.onnx OUT.txt

PP-OCR rec models exported to ONNX carry their dictionary in ModelProto.metadata_props under the key
"character" (newline-separated). OpenVINO's C API does not expose ONNX metadata, so scripts/install-deps.sh
writes it beside the model once. The `onnx` package is not needed: only the top-level fields of the
ModelProto message are walked (protobuf wire format), and field 14 (metadata_props, repeated
StringStringEntryProto {1: key, 2: value}) is read. Exits 1 when the file is not such a model.
"""
import sys


def varint(buf, pos):
    value = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def fields(buf):
    """(field number, wire type, value) of each field of one message; value is bytes for wire type 2."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            if pos + length > len(buf):
                raise ValueError("truncated field")
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def alphabet(path):
    with open(path, "rb") as f:
        buf = f.read()
    for number, wire, value in fields(buf):
        if number != 14 or wire != 2:
            continue
        entry = dict((n, v) for n, w, v in fields(value) if w == 2)
        if entry.get(1) == b"character":
            return entry.get(2, b"").decode("utf-8")
    return None


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: onnx-alphabet.py MODEL.onnx OUT.txt\n")
        return 2
    try:
        text = alphabet(sys.argv[1])
    except (OSError, ValueError, UnicodeDecodeError) as e:
        sys.stderr.write("onnx-alphabet: %s: %s\n" % (sys.argv[1], e))
        return 1
    if not text:
        sys.stderr.write("onnx-alphabet: %s has no metadata_props[\"character\"]\n" % sys.argv[1])
        return 1
    entries = text.split("\n")
    if entries and entries[-1] == "":
        entries.pop()
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for e in entries:
            f.write(e + "\n")
    import os
    os.replace(tmp, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
