#!/usr/bin/env bash
# What UseSystemResourceKeys=true saves and costs: the bootstrap of samples/ChunkedText published both ways (sizes),
# and its cold start from a cold page cache (as on Lambda, where the binary is paged in from a lazily loaded disk):
# the page cache is dropped before each spawn (needs root), and the emulator's own cold-start figure (spawn to the
# first GET next) is read. Sessions alternate between the two binaries; each discards its first spawn.
# Usage: benchmarks/scripts/resource-keys-cost.sh [rounds (default 3)] [spawns per session (default 10)]
set -euo pipefail
rounds=${1:-3}
spawns=${2:-10}
http_port=9332
[ "$(id -u)" = 0 ] || { echo "needs root, to drop the page cache before each spawn" >&2; exit 2; }
source "$(dirname "$0")/behind-emulator.sh"

bash bootstrap/package.sh samples/ChunkedText "$work/readable" >/dev/null
UseSystemResourceKeys=true bash bootstrap/package.sh samples/ChunkedText "$work/keys" >/dev/null
for variant in readable keys; do
  printf '%s: bootstrap %s bytes, function.zip %s bytes\n' "$variant" "$(stat -c %s "$work/$variant/bootstrap")" "$(stat -c %s "$work/$variant/function.zip")"
done

session() { # <variant>: appends "<variant> <ms>" per measured spawn to $work/cold
  local log="$work/emulator-$1.log"
  "$emulator" --http 127.0.0.1:$http_port --runtime-api 127.0.0.1:$((http_port + 1)) -- "$work/$1/bootstrap" >"$log" 2>&1 &
  local emu=$!
  for i in $(seq 0 "$spawns"); do
    until [ "$(grep -c 'cold start:' "$log")" -gt "$i" ]; do sleep 0.02; done
    local pid
    pid=$(grep -o 'function started: pid=[0-9]*' "$log" | tail -n 1 | cut -d= -f2)
    sync; echo 3 > /proc/sys/vm/drop_caches
    kill -KILL "$pid"
  done
  kill "$emu"; wait "$emu" 2>/dev/null || true
  sed -n 's/.*cold start: \([0-9.]*\) ms.*/\1/p' "$log" | tail -n +2 | head -n "$spawns" | sed "s/^/$1 /" >>"$work/cold"
}

for _ in $(seq 1 "$rounds"); do
  session readable
  session keys
done
for variant in readable keys; do
  awk -v v=$variant '$1 == v { print $2 }' "$work/cold" | sort -n |
    awk -v v=$variant '{ x[NR] = $1 } END { printf "%s: cold start from a cold page cache, median %.2f ms (min %.2f, max %.2f, %d spawns)\n", v, x[int((NR + 1) / 2)], x[1], x[NR], NR }'
done
