#!/usr/bin/env bash
# PIMHsim quick start, step 2: build (if needed) and run every test. The browser tests of the
# report need Debian's chromium, and its print test poppler-utils (pdftotext): installed here if
# missing (as root or through sudo), else those tests are skipped and say so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d build ]] || { echo "test: run ./scripts/setup.sh first" >&2; exit 2; }
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo -n); fi
  if [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; then
    echo "test: installing chromium and poppler-utils, for the browser tests of the report"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils
  else
    echo "test: chromium or pdftotext is not installed and cannot be without root: the browser tests are skipped"
  fi
fi
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
