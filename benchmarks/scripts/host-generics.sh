#!/usr/bin/env bash
# Regenerates src/LambdaStreaming.AspNetCore/buildTransitive/LambdaStreaming.AspNetCore.rd.xml, the generic types the
# ASP.NET Core host's Native AOT publish compiles ahead of time: runs tests/AspNetCoreApp (JIT) behind the emulator with
# the startup hook tests/HostGenericsCapture, which records each generic type dependency injection builds a call site
# for, while the app starts and answers one request on each of its paths (JSON, text, ProblemDetails, the exception
# handler, SSE, IAsyncEnumerable, streams, cookies). Run it after moving to a new .NET; HostGenericsTests says when.
# Usage: benchmarks/scripts/host-generics.sh
set -euo pipefail
http_port=9330
source "$(dirname "$0")/behind-emulator.sh"

dotnet build tests/HostGenericsCapture -c Release -o "$work/hook" -v quiet >/dev/null
dotnet build tests/AspNetCoreApp -c Release -o "$work/app" -v quiet >/dev/null
# The app's runtimeconfig turns startup hooks and EventSource off, as its Lambda publish does; this run needs both.
sed -i 's/"System.StartupHookProvider.IsSupported": false/"System.StartupHookProvider.IsSupported": true/;
        s/"System.Diagnostics.Tracing.EventSource.IsSupported": false/"System.Diagnostics.Tracing.EventSource.IsSupported": true/' \
  "$work/app/bootstrap.runtimeconfig.json"

"$emulator" --http 127.0.0.1:$http_port --runtime-api 127.0.0.1:$((http_port + 1)) \
  --env DOTNET_STARTUP_HOOKS="$work/hook/HostGenericsCapture.dll" --env HOST_GENERICS_OUT="$work/generics.tsv" \
  --task-root "$work/app" -- dotnet "$work/app/bootstrap.dll" >"$work/emulator.log" 2>&1 &
emu=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$http_port/hello/x" && break; sleep 0.2; done
for path in /hello/x '/query?a=1' /headers /response-headers /cookies /status/404 /problem /throw /raw/throw /facts \
            /sse /numbers /chunks /writer /stream-result /binary '/together?n=2'; do
  curl -s -o /dev/null "http://127.0.0.1:$http_port$path" || true
done
curl -s -o /dev/null -X POST -d 'echo' "http://127.0.0.1:$http_port/echo"
pkill -KILL -P "$emu" 2>/dev/null || true
kill -KILL "$emu" 2>/dev/null || true
wait "$emu" 2>/dev/null || true

if grep -q '^unresolved' "$work/generics.tsv"; then
  echo "host-generics.sh: some types could not be named:" >&2; grep '^unresolved' "$work/generics.tsv" >&2; exit 1
fi
out=src/LambdaStreaming.AspNetCore/buildTransitive/LambdaStreaming.AspNetCore.rd.xml
{
  # The header comment stays as it is: everything up to the <Application> element.
  sed '/<Application>/q' "$out"
  # The app's own types (assembly "bootstrap") are its business, not the package's.
  grep -v $'^bootstrap\t' "$work/generics.tsv" | grep -v ',bootstrap\]' | sort -u | awk -F'\t' '
    $1 != assembly { if (assembly != "") print "    </Assembly>"; assembly = $1; print "    <Assembly Name=\"" $1 "\">" }
    { print "      <Type Name=\"" $2 "\" Dynamic=\"Required All\" />" }
    END { if (assembly != "") print "    </Assembly>" }'
  echo '  </Application>'
  echo '</Directives>'
} >"$work/rd.xml"
mv "$work/rd.xml" "$out"
echo "$(grep -c '<Type ' "$out") generic types in $out"
