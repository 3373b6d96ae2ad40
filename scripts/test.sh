#!/usr/bin/env bash
# PIMHsim quick start, step 2: build (if needed) and run every test. The browser test of the
# report needs Debian's chromium: installed here if missing (as root or through sudo), else that
# test is skipped and says so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d build ]] || { echo "test: run ./scripts/setup.sh first" >&2; exit 2; }
if ! command -v chromium >/dev/null; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo -n); fi
  if [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; then
    echo "test: installing chromium, for the browser test of the report"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  else
    echo "test: chromium is not installed and cannot be without root: the browser test is skipped"
  fi
fi
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
