#!/usr/bin/env bash
# CPU per invocation, counted rather than timed: valgrind's callgrind counts the instructions the function process
# executes (all its threads) over N small invocations after a warm-up, for our runtime, the HttpClient baseline and
# the null runtime (benchmarks/Floors/NullRuntime: the Runtime API's bytes and nothing else), all Native AOT behind
# the emulator. Counts repeat on the same binaries whatever else the machine does,
# unlike the harness's timings. Usage: benchmarks/scripts/instructions-per-invocation.sh [N]
set -euo pipefail
n=${1:-200}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
http_port=9310
source "$(dirname "$0")/behind-emulator.sh"

count() { # <function project> <name>: prints instructions per invocation
  bash bootstrap/package.sh "$1" "$work/$2" >/dev/null
  "$emulator" --http 127.0.0.1:$http_port --runtime-api 127.0.0.1:$((http_port + 1)) -- \
    valgrind --tool=callgrind --callgrind-out-file="$work/$2.cg" "$work/$2/bootstrap" >"$work/$2.log" 2>&1 &
  local emu=$!
  # The first invocation waits for the function's cold start under valgrind.
  for _ in $(seq 1 100); do invoke && break; sleep 0.5; done
  for _ in $(seq 1 50); do invoke; done
  callgrind_control -z "$work/$2/bootstrap" >/dev/null
  for _ in $(seq 1 "$n"); do invoke; done
  callgrind_control -d "$work/$2/bootstrap" >/dev/null
  local total=""
  for _ in $(seq 1 50); do
    total=$(grep -h '^summary:' "$work/$2".cg.* 2>/dev/null | awk '{print $2}' | head -n 1)
    [ -n "$total" ] && break
    sleep 0.2
  done
  # The counts are on disk: no graceful shutdown needed (the emulator would wait out the function's SIGTERM grace).
  # Ended by process id: the function (valgrind) is the emulator's child, and nothing else is touched.
  pkill -KILL -P "$emu" 2>/dev/null || true
  kill -KILL "$emu" 2>/dev/null || true
  wait "$emu" 2>/dev/null || true
  echo $(( total / n ))
}

ours=$(count benchmarks/Functions/StreamingBench ours)
baseline=$(count benchmarks/Baselines/HttpClientRuntime baseline)
null=$(count benchmarks/Floors/NullRuntime null)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "instructions per small invocation over $n: ours $ours baseline $baseline null runtime $null;" \
  "ours/baseline $(ratio "$ours" "$baseline")x ours/null $(ratio "$ours" "$null")x"
