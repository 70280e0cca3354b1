#!/usr/bin/env bash
# The whole test suite, from nothing but the .NET SDK: installs the prerequisites (tests/setup.sh), then runs every
# test project one after the other (each says when it starts and ends), the fault-injection soak, and smoke runs of
# the benchmarks. Exits non-zero at the first failure.
set -euo pipefail
cd "$(dirname "$0")"
start=$SECONDS
step() { printf '\n== %s (%d s so far)\n' "$1" $((SECONDS - start)); }

step "setting up the prerequisites"
bash tests/setup.sh

step "building"
dotnet build LambdaStreaming.sln -c Release -v quiet -nologo

projects=(tests/LambdaStreaming.Emulator.Tests tests/LambdaStreaming.Tests samples/SseClock.Tests samples/ApiGatewayMixed.Tests samples/AspNetCoreSse.Tests)
for i in "${!projects[@]}"; do
  step "${projects[$i]} ($((i + 1)) of ${#projects[@]})"
  dotnet test "${projects[$i]}" -c Release --no-build -nologo
done

# Exactly-once accounting under injected Runtime API faults; exits non-zero on any lost or duplicated outcome.
step "soak: 2,000 invocations under injected faults"
dotnet run -c Release --no-build --project tests/LambdaStreaming.Soak -- --invocations 2000 --fault-rate 0.05

# Smoke runs: they check that the benchmarks run, never what they measure (timings on a shared machine mean
# nothing). Real figures: drop --job dry, and run the harness without --quick.
step "benchmarks, smoke runs"
dotnet run -c Release --no-build --project benchmarks/LambdaStreaming.Benchmarks -- --filter '*' --job dry --inProcess
dotnet run -c Release --no-build --project benchmarks/LambdaStreaming.EndToEnd -- --quick --json artifacts/e2e.json --svg artifacts/ttfb.svg

step "all passed"
