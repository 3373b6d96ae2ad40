#!/usr/bin/env python3
"""Compiles translation units of a CMake build for their diagnostics alone (-fsyntax-only).

    scripts/syntax_check.py BUILD_DIR [PATH_PREFIX...]

BUILD_DIR was configured with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; each of its compile commands
whose source file lies under one of the PATH_PREFIXes (relative to the source tree: `tests/`,
say; default every file) is run again with `-fsyntax-only` instead of writing an object file,
SYNTAX_JOBS at a time (default: the number of processors). The compiler's semantic analysis runs
whole, so every warning that does not need code generation is reported, and with -Werror in the
commands fails the check; a file costs about a fifth to a third of its compile at -O1.
scripts/sanitize.sh uses it to put the unit tests and benchmarks through Clang with warnings as
errors without compiling them under the sanitizers. Exits 1 if any file fails, 2 on bad usage.
"""
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def syntax_only(arguments):
    """The compile command with its output dropped and -fsyntax-only added."""
    out = []
    skip = False
    for a in arguments:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        out.append(a)
    return out[:1] + ["-fsyntax-only"] + out[1:]


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    build = sys.argv[1]
    source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    prefixes = [os.path.join(source, p) for p in sys.argv[2:]] or [source]
    path = os.path.join(build, "compile_commands.json")
    try:
        with open(path, encoding="utf-8") as f:
            commands = json.load(f)
    except OSError as e:
        print(f"syntax_check: cannot read {path}: {e.strerror} (configure with "
              "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)", file=sys.stderr)
        return 2

    def real_source(entry):
        # A unity batch (CMake's Unity/unity_*.cxx in the build tree) counts as the folder of
        # the sources it includes: its first #include names one.
        f = entry["file"]
        if "/Unity/" in f:
            with open(f, encoding="utf-8") as u:
                for line in u:
                    if line.startswith("#include"):
                        return line.split('"')[1]
        return f

    chosen = [e for e in commands if any(real_source(e).startswith(p) for p in prefixes)]
    if not chosen:
        print("syntax_check: no compile command under " + " ".join(sys.argv[2:]), file=sys.stderr)
        return 2

    def run(entry):
        arguments = entry.get("arguments") or shlex.split(entry["command"])
        r = subprocess.run(syntax_only(arguments), cwd=entry["directory"], capture_output=True,
                           text=True)
        return entry["file"], r.returncode, r.stdout + r.stderr

    jobs = int(os.environ.get("SYNTAX_JOBS", os.cpu_count() or 1))
    failed = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for file, code, output in pool.map(run, chosen):
            if code != 0 or output.strip():
                sys.stderr.write(output)
            if code != 0:
                failed += 1
                print(f"syntax_check: {os.path.relpath(file, source)} failed", file=sys.stderr)
    print(f"syntax_check: {len(chosen) - failed} of {len(chosen)} translation units clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
