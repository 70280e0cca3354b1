#!/usr/bin/env bash
# What LambdaRuntimeOptions.RegisterShutdownExtension adds to a cold start: the emulator's own figure (spawn to the
# first GET next, which with the option comes after the extension's register round trip and its event/next), for the
# AOT benchmark function with the option off and on. Each emulator session kills its function (by process id) and
# measures the respawns, after one discarded spawn that warms the emulator's own code; sessions alternate off/on.
# Usage: benchmarks/scripts/extension-cold-start.sh [rounds (default 4)] [spawns per session (default 10)]
set -euo pipefail
rounds=${1:-4}
spawns=${2:-10}
http_port=9322
source "$(dirname "$0")/behind-emulator.sh"
bash bootstrap/package.sh benchmarks/Functions/StreamingBench "$work/bench" >/dev/null

session() { # <0|1>: appends "<mode> <ms>" per measured spawn to $work/cold
  local log="$work/emulator-$1.log"
  "$emulator" --http 127.0.0.1:$http_port --runtime-api 127.0.0.1:$((http_port + 1)) \
    --env BENCH_SHUTDOWN_EXTENSION="$1" -- "$work/bench/bootstrap" >"$log" 2>&1 &
  local emu=$!
  for i in $(seq 0 "$spawns"); do
    until [ "$(grep -c 'cold start:' "$log")" -gt "$i" ]; do sleep 0.02; done
    kill -KILL "$(grep -o 'function started: pid=[0-9]*' "$log" | tail -n 1 | cut -d= -f2)"
  done
  kill "$emu"; wait "$emu" 2>/dev/null || true
  sed -n 's/.*cold start: \([0-9.]*\) ms.*/\1/p' "$log" | tail -n +2 | head -n "$spawns" | sed "s/^/$1 /" >>"$work/cold"
}

for _ in $(seq 1 "$rounds"); do
  session 0
  session 1
done
for mode in 0 1; do
  awk -v mode=$mode '$1 == mode { print $2 }' "$work/cold" | sort -n |
    awk -v name="$([ $mode = 1 ] && echo on || echo off)" '{ v[NR] = $1 } END { printf "extension %s: cold start median %.2f ms (min %.2f, max %.2f, %d spawns)\n", name, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
