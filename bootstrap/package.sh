#!/usr/bin/env bash
# Turns a function project into a provided.al2023 deployment:
#   <out-dir>/bootstrap     the Native AOT executable Lambda starts
#   <out-dir>/function.zip  bootstrap at the zip root, mode 0755
# Fails when the publish reports trim/AOT warnings (they mean code that may break at run time under AOT)
# or when the binary needs a glibc newer than Amazon Linux 2023's 2.34.
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
case "$arch" in x64|arm64) ;; *) echo "package.sh: --arch must be x64 or arm64, not '$arch'" >&2; exit 2 ;; esac
[ -d "$project_dir" ] || { echo "package.sh: '$project_dir' is not a directory" >&2; exit 2; }

readonly max_glibc=2.34
rid=linux-$arch
publish_dir=$(mktemp -d)
build_log=$(mktemp)
trap 'rm -rf "$publish_dir" "$build_log"' EXIT

echo "package.sh: publishing $project_dir for $rid with Native AOT"
# Clean first: an up-to-date build would not repeat its warnings, and a warning must never go unseen.
dotnet clean "$project_dir" -c Release -r "$rid" -v quiet >/dev/null 2>&1 || true
if ! dotnet publish "$project_dir" -c Release -r "$rid" -p:PublishAot=true -p:InvariantGlobalization=true \
      -o "$publish_dir" 2>&1 | tee "$build_log"; then
  echo "package.sh: dotnet publish failed (see above)" >&2
  exit 1
fi
if grep -E 'warning (IL[0-9]{4}|CS[0-9]{4}|NETSDK[0-9]{4})' "$build_log" >/dev/null; then
  echo "package.sh: the build reported warnings; a Native AOT bootstrap must build warning-free:" >&2
  grep -E 'warning (IL|CS|NETSDK)[0-9]{4}' "$build_log" | sort -u >&2
  exit 1
fi

# The executable is named after the project's AssemblyName (Bootstrap.props sets it to 'bootstrap').
assembly_name=$(dotnet msbuild "$project_dir" -getProperty:AssemblyName -p:Configuration=Release -p:RuntimeIdentifier="$rid" 2>/dev/null | tail -n 1)
binary="$publish_dir/$assembly_name"
[ -f "$binary" ] || binary="$publish_dir/bootstrap"
if [ ! -f "$binary" ]; then
  echo "package.sh: no native executable '$assembly_name' in the publish output" >&2
  exit 1
fi

needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
if [ -n "$needed" ] && [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
  echo "package.sh: the binary needs GLIBC_$needed, newer than provided.al2023's $max_glibc; it would not start on Lambda" >&2
  exit 1
fi

mkdir -p "$out_dir"
cp "$binary" "$out_dir/bootstrap"
chmod 0755 "$out_dir/bootstrap"
rm -f "$out_dir/function.zip"
# -X drops extra attributes so the zip is reproducible; unix mode 0755 is kept.
(cd "$out_dir" && zip -q -X function.zip bootstrap)

size=$(stat -c %s "$out_dir/bootstrap")
echo "package.sh: $out_dir/bootstrap ($size bytes, needs glibc ${needed:-none} <= $max_glibc) and $out_dir/function.zip"
