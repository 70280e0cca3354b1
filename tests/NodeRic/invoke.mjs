// AWS's JS SDK (@aws-sdk/client-lambda) as a client of the emulator. Prints ONE JSON line on stdout.
//
//   node invoke.mjs <endpoint-url> invoke|stream [payload-json] [function-name]
//
// invoke: InvokeCommand → {api, ok, StatusCode, FunctionError, ExecutedVersion, LogResult, Payload (UTF-8),
//         attempts, totalRetryDelay, httpStatusCode, ms} or, if it threw, {api, ok:false, error:{name, message,
//         $fault, $metadata, code}, ms}.
// stream: InvokeWithResponseStreamCommand → {api, ok, StatusCode, ExecutedVersion, ResponseStreamContentType,
//         attempts, headersAtMs, events:[{at, kind:'PayloadChunk', text} | {at, kind:'InvokeComplete', ErrorCode,
//         ErrorDetails, LogResult} | {at, kind:<other>}], ms} — `at` is ms since the call started, so a caller
//         can check that chunks arrived live; an error thrown while reading the stream is reported as `streamError`.
// The SDK's default retry behaviour is kept (standard mode, 3 attempts) so retries can be observed.
import { LambdaClient, InvokeCommand, InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';

const [endpoint, api = 'invoke', payload = '{}', functionName = 'function'] = process.argv.slice(2);
if (!endpoint || !['invoke', 'stream'].includes(api)) {
  console.error('usage: node invoke.mjs <endpoint-url> invoke|stream [payload-json] [function-name]');
  process.exit(2);
}

// The SDK warns on stderr that versions after January 2027 need Node 22; this machine has Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const client = new LambdaClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const decoder = new TextDecoder();
const t0 = performance.now();
const since = () => Math.round(performance.now() - t0);

const describeError = (e) => ({
  name: e?.name,
  message: e?.message,
  code: e?.code,
  $fault: e?.$fault,
  $metadata: e?.$metadata,
});

let result;
try {
  if (api === 'invoke') {
    const r = await client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(payload) }),
    );
    result = {
      api,
      ok: true,
      StatusCode: r.StatusCode,
      FunctionError: r.FunctionError,
      ExecutedVersion: r.ExecutedVersion,
      LogResult: r.LogResult,
      Payload: r.Payload === undefined ? undefined : decoder.decode(r.Payload),
      attempts: r.$metadata.attempts,
      totalRetryDelay: r.$metadata.totalRetryDelay,
      httpStatusCode: r.$metadata.httpStatusCode,
      ms: since(),
    };
  } else {
    const r = await client.send(
      new InvokeWithResponseStreamCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(payload) }),
    );
    const headersAtMs = since();
    const events = [];
    let streamError;
    try {
      for await (const ev of r.EventStream) {
        const at = since();
        if (ev.PayloadChunk) {
          events.push({ at, kind: 'PayloadChunk', text: decoder.decode(ev.PayloadChunk.Payload ?? new Uint8Array()) });
        } else if (ev.InvokeComplete) {
          const { ErrorCode, ErrorDetails, LogResult } = ev.InvokeComplete;
          events.push({ at, kind: 'InvokeComplete', ErrorCode, ErrorDetails, LogResult });
        } else {
          events.push({ at, kind: Object.keys(ev).join(',') || 'unknown', value: ev });
        }
      }
    } catch (e) {
      streamError = { at: since(), ...describeError(e) };
    }
    result = {
      api,
      ok: streamError === undefined,
      StatusCode: r.StatusCode,
      ExecutedVersion: r.ExecutedVersion,
      ResponseStreamContentType: r.ResponseStreamContentType,
      attempts: r.$metadata.attempts,
      httpStatusCode: r.$metadata.httpStatusCode,
      headersAtMs,
      events,
      streamError,
      ms: since(),
    };
  }
} catch (e) {
  result = { api, ok: false, error: describeError(e), ms: since() };
}
process.stdout.write(JSON.stringify(result) + '\n');
client.destroy();
