#!/usr/bin/env bash
# PIMHsim quick start, step 1: install what is missing (Debian packages), build, install `pimhsim`
# in /usr/local (so it is on the PATH), and run the default scenario. Safe to run again: it
# installs only what is missing and rebuilds and reinstalls only what changed. Works as root or
# through sudo; never asks a question.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# libxlsxwriter-dev writes the report's workbook, libnlopt-cxx-dev fits calibrations, Open MPI
# (libopenmpi-dev, openmpi-bin) shares a PSA between processes; python3 (its standard library
# only) lets the tests read the workbook back.
packages=(
  build-essential cmake ninja-build git pkg-config
  libeigen3-dev libboost-program-options-dev libboost-math-dev libyaml-cpp-dev libfmt-dev
  doctest-dev librandom123-dev nlohmann-json3-dev nettle-dev libbenchmark-dev time clang-format
  gnuplot-nox libxlsxwriter-dev python3 libnlopt-cxx-dev
  libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo -n); fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

werror=OFF
[[ "${CI:-}" == "true" ]] && werror=ON
# Ninja keeps every core busy across the engine's layers (a layer's files compile while the one
# below links); a build directory made before keeps its generator.
generator=()
[[ -f build/CMakeCache.txt ]] || generator=(-G Ninja)
# Tests and benchmarks by name: the benchmarks (which CI runs) are built or the configure fails.
cmake -S . -B build "${generator[@]}" -DCMAKE_OPTIMIZE_DEPENDENCIES=ON -DCMAKE_BUILD_TYPE=Release \
  -DPIMHSIM_WERROR="$werror" -DPIMHSIM_BUILD_TESTS=ON -DPIMHSIM_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j"$(nproc)"

# bin/pimhsim, share/pimhsim/scenarios, share/doc/pimhsim, and the engine library, headers and
# CMake package. Without root or sudo, in ~/.local instead.
prefix=/usr/local
if [[ $(id -u) -eq 0 ]]; then
  cmake --install build --prefix "$prefix" >/dev/null
elif sudo -n true 2>/dev/null; then
  sudo -n cmake --install build --prefix "$prefix" >/dev/null
  # The list of installed files, build/install_manifest.txt, stays the user's.
  sudo -n chown "$(id -u):$(id -g)" build/install_manifest.txt
else
  prefix=$HOME/.local
  cmake --install build --prefix "$prefix" >/dev/null
fi
echo "setup: installed $prefix/bin/pimhsim (scenarios in $prefix/share/pimhsim/scenarios)"
found=$(command -v pimhsim || true)
if [[ $found != "$prefix/bin/pimhsim" ]]; then
  echo "setup: your shell finds ${found:-no pimhsim}: put $prefix/bin first on your PATH" >&2
  PATH=$prefix/bin:$PATH
fi

echo
pimhsim run scenarios/england.yaml --out results/england
