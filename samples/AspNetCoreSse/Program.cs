// The Hono streamSSE example as an ASP.NET Core minimal API on Lambda: POST /sse and GET /stream send a welcome event
// and then 10 updates 2 s apart (?count=N&intervalMs=M to change that); GET / serves a page that renders them live.
// `dotnet run` serves it on Kestrel; on Lambda (behind a RESPONSE_STREAM Function URL) the same app streams from its
// Native AOT bootstrap.
using AspNetCoreSse;

SseApp.Build(args).Run();
