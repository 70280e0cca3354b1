#!/usr/bin/env bash
# Turns a function project into a provided.al2023 deployment:
#   <out-dir>/bootstrap     the Native AOT executable Lambda starts
#   <out-dir>/function.zip  bootstrap at the zip root, mode 0755
# A thin wrapper over `dotnet publish`: the publish settings and the zip come from MSBuild (the LambdaStreaming
# package's buildTransitive files, which bootstrap/Bootstrap.props also imports for projects in this repository).
# What it adds are the checks a deployment needs and a build does not make: no trim/AOT warnings (they mean code
# that may break at run time under AOT), the binary is for the architecture asked for, and it needs no glibc newer
# than Amazon Linux 2023's 2.34.
set -euo pipefail

usage() {
  echo "usage: bootstrap/package.sh <function-project-dir> <out-dir> [--arch x64|arm64]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
project_dir=$1
out_dir=$2
shift 2
arch=x64
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || usage; arch=$2; shift 2 ;;
    *) usage ;;
  esac
done
case "$arch" in
  x64) lambda_arch=x86_64; elf_machine='X86-64' ;;
  arm64) lambda_arch=arm64; elf_machine='AArch64' ;;
  *) echo "package.sh: --arch must be x64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
[ -d "$project_dir" ] || { echo "package.sh: '$project_dir' is not a directory" >&2; exit 2; }

readonly max_glibc=2.34
rid=linux-$arch
publish_dir=$(mktemp -d)
build_log=$(mktemp)
trap 'rm -rf "$publish_dir" "$build_log"' EXIT

# Projects importing Bootstrap.props pick their runtime identifier from LambdaArchitecture, so that it does not
# reach the referenced library as a global property; any other project (one referencing the package) takes -r.
target=(-p:LambdaArchitecture="$lambda_arch")
if [ "$(dotnet msbuild "$project_dir" -getProperty:RuntimeIdentifier -p:LambdaArchitecture="$lambda_arch" 2>/dev/null | tail -n 1)" != "$rid" ]; then
  target=(-r "$rid")
fi

echo "package.sh: publishing $project_dir for $rid with Native AOT"
# Clean first: an up-to-date build would not repeat its warnings, and a warning must never go unseen.
dotnet clean "$project_dir" -c Release "${target[@]}" -v quiet >/dev/null 2>&1 || true
if ! dotnet publish "$project_dir" -c Release "${target[@]}" -o "$publish_dir" 2>&1 | tee "$build_log"; then
  echo "package.sh: dotnet publish failed (see above)" >&2
  exit 1
fi
if grep -E 'warning (IL[0-9]{4}|CS[0-9]{4}|NETSDK[0-9]{4})' "$build_log" >/dev/null; then
  echo "package.sh: the build reported warnings; a Native AOT bootstrap must build warning-free:" >&2
  grep -E 'warning (IL|CS|NETSDK)[0-9]{4}' "$build_log" | sort -u >&2
  exit 1
fi

binary="$publish_dir/bootstrap"
if [ ! -f "$binary" ]; then
  echo "package.sh: no native executable 'bootstrap' in the publish output; does the project import" \
       "bootstrap/Bootstrap.props or reference the LambdaStreaming package?" >&2
  exit 1
fi
if ! readelf -h "$binary" | grep -q "Machine:.*$elf_machine"; then
  echo "package.sh: $binary is not a $elf_machine executable:" >&2
  readelf -h "$binary" | grep Machine >&2
  exit 1
fi

needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
if [ -n "$needed" ] && [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
  echo "package.sh: the binary needs GLIBC_$needed, newer than provided.al2023's $max_glibc; it would not start on Lambda" >&2
  exit 1
fi
if [ ! -f "$publish_dir/function.zip" ]; then
  echo "package.sh: the publish wrote no function.zip (is LambdaStreamingBootstrap set to false?)" >&2
  exit 1
fi

mkdir -p "$out_dir"
cp "$binary" "$publish_dir/function.zip" "$out_dir/"
chmod 0755 "$out_dir/bootstrap"

size=$(stat -c %s "$out_dir/bootstrap")
echo "package.sh: $out_dir/bootstrap ($elf_machine, $size bytes, needs glibc ${needed:-none} <= $max_glibc) and $out_dir/function.zip"
