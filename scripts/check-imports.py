#!/usr/bin/env python3
"""Package truth: every target declares exactly the modules its Swift files import (docs/ARCHITECTURE.md).

Reads `swift package dump-package` (SwiftPM's own reading of Package.swift, so nothing here parses Swift
manifests) and compares each target's declared dependencies with the `import` lines of its sources. Modules of
the toolchain (Foundation, Glibc, Testing, ...) need no declaration. A dependency may be declared without an
import only where the list below says why. Exit 1 with one line per difference.

Usage: scripts/check-imports.py [DUMP.json]   (without an argument it runs `swift package dump-package`)
"""
import json
import os
import re
import subprocess
import sys

TOOLCHAIN = {"Foundation", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest",
             "Synchronization", "_Concurrency", "Swift"}
# Declared on purpose without an import: the test runs this executable, so SwiftPM must build it first.
BUILD_ONLY = {("CLITests", "prescreen"), ("FuzzTests", "prescreen")}
# Products whose module has another name than the product.
PRODUCT_MODULES = {}

# An import line: the module name alone on it (or before a comment or a `.submodule`), so that an "import x, y"
# inside a string literal (a python snippet in a test) is not taken for one.
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(?:(?:struct|class|enum|func|protocol)\s+)?"
                    r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:$|//|\.)")


def dependency_names(target):
    names = set()
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                name = dep[kind][0]
                names.add(PRODUCT_MODULES.get(name, name))
    return names


def imports(path):
    found = set()
    for folder, _, files in os.walk(path):
        for name in files:
            if not name.endswith(".swift"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for line in f:
                    m = IMPORT.match(line)
                    if m:
                        found.add(m.group(1))
    return found


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            package = json.load(f)
    else:
        out = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True)
        package = json.loads(out.stdout)
    problems = []
    for target in package["targets"]:
        name, kind = target["name"], target["type"]
        if kind in ("system", "binary", "plugin"):
            continue
        default = "Tests" if kind == "test" else "Sources"
        path = target.get("path") or os.path.join(default, name)
        if not any(f.endswith(".swift") for _, _, fs in os.walk(path) for f in fs):
            continue  # a C or C++ target
        declared = dependency_names(target)
        used = imports(path) - TOOLCHAIN - {name}
        for module in sorted(used - declared):
            problems.append(f"{name}: imports {module} without declaring it")
        for module in sorted(declared - used):
            if (name, module) not in BUILD_ONLY:
                problems.append(f"{name}: declares {module} and imports it nowhere")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"check-imports: {len(problems)} difference(s) between Package.swift and the imports", file=sys.stderr)
        return 1
    print("check-imports: every target declares exactly what it imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
