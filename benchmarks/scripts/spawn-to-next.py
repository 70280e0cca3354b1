#!/usr/bin/env python3
# Cold start of Native AOT bootstraps side by side: spawn -> the first "GET .../invocation/next" on a bare TCP
# listener standing in for the Runtime API (no emulator, so nothing of its own start-up is counted). The binaries take
# turns, alternating their order each round; prints the median of each with its size.
#   N=30 python3 benchmarks/scripts/spawn-to-next.py path/to/bootstrap [other/bootstrap ...]
import os, socket, statistics, subprocess, sys, time


def once(binary):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{port}", AWS_LAMBDA_FUNCTION_NAME="f",
               AWS_LAMBDA_FUNCTION_VERSION="$LATEST", AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512", AWS_REGION="us-east-1")
    started = time.perf_counter()
    # Started in its own directory, as Lambda starts a bootstrap in /var/task.
    process = subprocess.Popen([binary], env=env, cwd=os.path.dirname(os.path.abspath(binary)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    connection, _ = listener.accept()
    data = b""
    while b"invocation/next" not in data:
        data += connection.recv(4096)
    elapsed = (time.perf_counter() - started) * 1000
    process.kill()
    process.wait()
    connection.close()
    listener.close()
    return elapsed


binaries = sys.argv[1:]
samples = {b: [] for b in binaries}
for round_ in range(int(os.environ.get("N", "20"))):
    for b in (binaries if round_ % 2 == 0 else binaries[::-1]):
        samples[b].append(once(b))
for b in binaries:
    print(f"{statistics.median(samples[b]):7.2f} ms  {os.path.getsize(b):>12,} B  {b}")
