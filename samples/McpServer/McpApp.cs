using LambdaStreaming.AspNetCore;

namespace McpServer;

/// <summary>The app: the MCP endpoint at the root, stateless, with the sample's tools.</summary>
public static class McpApp
{
    /// <summary>Builds the app.</summary>
    public static WebApplication Build(string[] args)
    {
        // On Lambda a lean builder without Kestrel; under `dotnet run`, the slim builder.
        var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.FunctionUrl);
        // The SDK logs two Information lines per request ("request handler called", "... completed"): log volume that
        // Lambda bills, so it is kept at Warning as the host keeps ASP.NET Core's own categories.
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "LambdaStreaming.McpServer", Version = "1.0.0" })
            // Stateless: every POST is a whole exchange; no Mcp-Session-Id, no GET stream, no DELETE. Lambda runs each
            // request in whichever environment is free, so a session kept in one process's memory would not survive.
            .WithHttpTransport(options => options.Stateless = true)
            // The generic overload: the tools' methods are known at compile time (no assembly scan), as Native AOT needs.
            .WithTools<Tools>(ToolSerialization.Options);
        var app = builder.Build();

        // Not JSON at all: -32700, as JSON-RPC 2.0 says, where the SDK says -32600 (see JsonRpcParseErrors).
        app.Use(JsonRpcParseErrors.InvokeAsync);
        app.MapMcp();
        return app;
    }
}
