# Sourced by the per-invocation scripts here: moves to the repository root, gives them a scratch directory ($work,
# removed on exit), builds the emulator ($emulator) and defines `invoke`, one small invocation through the port in
# $http_port, which the caller sets first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/LambdaStreaming.Emulator -c Release -v quiet >/dev/null
emulator=src/LambdaStreaming.Emulator/bin/Release/net10.0/LambdaStreaming.Emulator

invoke() { curl -sf -o /dev/null -X POST "http://127.0.0.1:$http_port/2015-03-31/functions/function/invocations" -d small; }
