#!/usr/bin/env bash
# keel set-up: installs, with apt-get, everything the build, the tests and the benchmarks use.
# Idempotent and quiet when all is present. Called by `make run` / `make check` / `make bench`
# when a stamp is missing, and safe to run by hand. Exit status non-zero, with a message, when
# something cannot be installed.
set -u

pkgs=(
  make git g++ pkg-config clang lld binutils
  g++-i686-linux-gnu g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-riscv64-linux-gnu
  g++-s390x-linux-gnu g++-powerpc64le-linux-gnu g++-mips64el-linux-gnuabi64
  qemu-user libgtest-dev libabsl-dev
  musl-tools libcap-dev golang-go gosu strace valgrind hyperfine util-linux procps
)

missing=()
for p in "${pkgs[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
  [ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "keel setup: installing ${missing[*]}" >&2
if [ "$(id -u)" != 0 ]; then
  echo "keel setup: these packages are missing and installing them needs root: ${missing[*]}" >&2
  echo "keel setup: run 'sudo tools/setup.sh' once, then repeat the make command." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  apt-get update -q >>"$log" 2>&1
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "keel setup: apt-get could not install: ${missing[*]} (full log: $log)" >&2
    exit 1
  fi
fi
rm -f "$log"
echo "keel setup: done" >&2
