#!/usr/bin/env bash
# Installs everything the test suite needs beyond the .NET SDK, on Debian or Ubuntu, with sudo when not root; does
# nothing for what is already there, so it is cheap to run again. ./test.sh runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
need_apt=()
want() { command -v "$1" >/dev/null || need_apt+=("$2"); }

# Native AOT calls the `clang` command itself (with only clang-14 it falls back to gcc, which cannot cross-compile);
# zlib for the runtime's compression support; objdump and zip for package.sh's checks and the deployment zip.
want clang clang
want objdump binutils
want zip zip
[ -e /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# The SSE tests watch a stream through curl -N, as the README tells people to.
want curl curl
# The arm64 bootstrap is cross-compiled (Debian's aarch64 binutils, an arm64 libc and zlib to link against) and run
# under qemu-user.
want aarch64-linux-gnu-ld binutils-aarch64-linux-gnu
want aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
[ -e /usr/lib/aarch64-linux-gnu/libc.so ] || need_apt+=(libc6-dev:arm64)
[ -e /usr/lib/aarch64-linux-gnu/libz.so ] || need_apt+=(zlib1g-dev:arm64)
want qemu-aarch64 qemu-user
# AWS's Node.js runtime interface client (tests/NodeRic) builds a native addon and a bundled curl when installed;
# the CDK test and the Node peers need Node.js and npm.
want node nodejs
want npm npm
want cmake cmake
want make make
want g++ g++
want autoconf autoconf
want automake automake
want libtoolize libtool

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The arm64 glibc qemu runs the arm64 bootstrap on (bootstrap/arm64-sysroot.sh says why not Debian 12's own).
bash bootstrap/arm64-sysroot.sh artifacts/arm64-sysroot

# The CDK CLI for the offline `cdk synth` test, and AWS's Node.js peers of the emulator (both pinned by lockfiles).
for project in samples/Deploy tests/NodeRic; do
  if [ ! -d "$project/node_modules" ] || [ "$project/package-lock.json" -nt "$project/node_modules" ]; then
    echo "setup: npm ci --prefix $project"
    npm ci --prefix "$project" --no-audit --no-fund --loglevel=error
    touch "$project/node_modules"
  fi
done
echo "setup: done"
