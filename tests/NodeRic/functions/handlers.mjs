// Handlers for AWS's Node.js runtime interface client (aws-lambda-ric 3.3.0), run as a function behind the emulator.
// Handler strings: handlers.streamThree, handlers.httpSse, handlers.bufferedJson, handlers.throwBeforeWrite,
// handlers.throwAfterChunk (the RIC's app root is its working directory: run it from this folder).
// `awslambda` is a global the RIC defines before it imports this module.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Three text chunks 200 ms apart; the RIC sends each write() as one HTTP chunk.
export const streamThree = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (const [i, text] of ['one\n', 'two\n', 'three\n'].entries()) {
    if (i > 0) await sleep(200);
    responseStream.write(text);
  }
  responseStream.end();
});

// HTTP-integration prelude (status, headers, cookies), then Server-Sent Events ~200 ms apart.
export const httpSse = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 201,
    headers: { 'content-type': 'text/event-stream', 'x-rig': 'node-ric' },
    cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
  });
  for (let i = 1; i <= 3; i++) {
    if (i > 1) await sleep(200);
    stream.write(`id: ${i}\nevent: tick\ndata: event ${i}\n\n`);
  }
  stream.end();
});

// Plain (buffered) async handler.
export const bufferedJson = async (event) => ({ hello: event?.name ?? 'world' });

// Streaming handler that fails before writing a byte.
export const throwBeforeWrite = awslambda.streamifyResponse(async () => {
  throw new Error('boom before any byte');
});

// Streaming handler that writes one chunk, waits, then fails.
export const throwAfterChunk = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  responseStream.write('first chunk\n');
  await sleep(200);
  throw new Error('boom after one chunk');
});

// Plain (buffered) async handler that fails: reported through /error by the RIC's native client.
export const throwBuffered = async () => {
  throw new TypeError('boom in a buffered handler');
};

// Buffered handler that reports what the RIC put on its context (and the trace id it set in the environment).
export const contextInfo = async (event, context) => ({
  awsRequestId: context.awsRequestId,
  invokedFunctionArn: context.invokedFunctionArn,
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  memoryLimitInMB: context.memoryLimitInMB,
  remainingTimeInMillis: context.getRemainingTimeInMillis(),
  traceId: process.env._X_AMZN_TRACE_ID ?? null,
  handlerEnv: process.env._HANDLER ?? null,
  taskRoot: process.env.LAMBDA_TASK_ROOT ?? null,
  cwd: process.cwd(),
});
