// A Model Context Protocol server (Streamable HTTP, stateless) as an ASP.NET Core app on Lambda: POST / takes one
// JSON-RPC message (initialize, tools/list, tools/call...) and answers it as a Server-Sent Events stream, so a long
// tool's notifications/progress reach the client while it still works. `dotnet run` serves it on Kestrel; on Lambda
// (behind a RESPONSE_STREAM Function URL) the same app streams from its bootstrap.
using McpServer;

McpApp.Build(args).Run();
