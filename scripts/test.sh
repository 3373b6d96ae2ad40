#!/usr/bin/env bash
# PIMHsim quick start, step 2: build (if needed) and run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d build ]] || { echo "test: run ./scripts/setup.sh first" >&2; exit 2; }
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
