#!/usr/bin/env bash
# The function process's own cost per small invocation, behind the emulator, for our runtime, the HttpClient
# baseline and the null runtime (all Native AOT): CPU time (user + kernel, all threads, from
# /proc/<pid>/task/*/schedstat) and system calls (strace -c, a second pass, since tracing slows every call).
# Timed, so it moves with the machine's load like the harness; the system-call counts do not.
# Usage: benchmarks/scripts/cpu-per-invocation.sh [N]
set -euo pipefail
n=${1:-500}
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)" >&2; exit 2; }
http_port=9312
source "$(dirname "$0")/behind-emulator.sh"

invoke_n() { for _ in $(seq 1 "$1"); do invoke; done; }
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{ total += $1 } END { print total }'; }

measure() { # <function project> <name>: prints the name, µs of CPU and system calls per invocation
  bash bootstrap/package.sh "$1" "$work/$2" >/dev/null
  "$emulator" --http 127.0.0.1:$http_port --runtime-api 127.0.0.1:$((http_port + 1)) -- "$work/$2/bootstrap" >"$work/$2.log" 2>&1 &
  local emu=$!
  for _ in $(seq 1 100); do invoke && break; sleep 0.2; done
  invoke_n 300
  local fn
  fn=$(pgrep -f "^$work/$2/bootstrap" | head -n 1)
  local before after
  before=$(cpu_ns "$fn"); invoke_n "$n"; after=$(cpu_ns "$fn")
  strace -c -U calls,name -f -p "$fn" -o "$work/$2.strace" 2>"$work/$2.attach" &
  local tracer=$!
  until grep -q attached "$work/$2.attach"; do sleep 0.1; done
  invoke_n "$n"
  kill -INT "$tracer"; wait "$tracer" || true
  local calls
  calls=$(awk '$NF == "total" { print $1 }' "$work/$2.strace")
  kill -KILL "$fn" 2>/dev/null || true
  kill "$emu" 2>/dev/null || true
  wait "$emu" 2>/dev/null || true
  awk -v name="$2" -v ns=$((after - before)) -v calls="$calls" -v n="$n" \
    'BEGIN { printf "%s: %.0f µs CPU, %.1f system calls per small invocation\n", name, ns / n / 1000, calls / n }'
}

measure benchmarks/Functions/StreamingBench ours
measure benchmarks/Baselines/HttpClientRuntime baseline
measure benchmarks/Floors/NullRuntime null-runtime
