#!/usr/bin/env bash
# Fetches a minimal arm64 glibc into <dir>, for running an arm64 bootstrap on an x64 machine:
#   qemu-aarch64 -L <dir> path/to/bootstrap
# Debian 12's own arm64 glibc (2.36, what libc6:arm64 installs here) hangs in pthread_create under qemu-user, so every
# threaded program does, .NET's Native AOT runtime included; Debian 13's (2.41) runs them. A bootstrap built for
# provided.al2023 needs glibc 2.34 or newer, so running it on 2.41 tests the same binary Lambda would run.
set -euo pipefail

dest=${1:?usage: bootstrap/arm64-sysroot.sh <dir>}
if [ -e "$dest/lib/ld-linux-aarch64.so.1" ]; then
  echo "arm64-sysroot.sh: $dest already holds an arm64 glibc"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb [arch=arm64] http://deb.debian.org/debian trixie main" > "$work/sources.list"
# A private apt state: the machine's own sources, lists and architecture settings stay untouched.
apt_options=(
  -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache"
  -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root
)
apt-get "${apt_options[@]}" update -qq
(cd "$work" && apt-get "${apt_options[@]}" download libc6:arm64 >/dev/null)

mkdir -p "$dest"
dpkg -x "$work"/libc6_*_arm64.deb "$dest"
# The package installs under usr/lib (merged /usr); the binary's interpreter is /lib/ld-linux-aarch64.so.1.
ln -sfn usr/lib "$dest/lib"
echo "arm64-sysroot.sh: $(basename "$work"/libc6_*_arm64.deb .deb) unpacked into $dest"
