#!/usr/bin/env bash
# Installs what the Clang builds need (scripts/fuzz.sh, scripts/sanitize.sh) when it is missing:
# Debian's clang (14 on Debian 12) and its runtime libraries (libclang-rt-14-dev: the sanitizers'
# and libFuzzer's, only recommended by clang, so not installed with --no-install-recommends), as
# root or through sudo; never asks a question. The packages of scripts/setup.sh are also needed,
# and Ninja (ninja-build), which the sanitizer builds use.
set -euo pipefail
packages=(clang libclang-rt-dev ninja-build)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install_clang: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo -n); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
