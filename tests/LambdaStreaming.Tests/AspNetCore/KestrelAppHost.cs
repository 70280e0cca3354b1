using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// The test app as an ordinary web app, as <c>dotnet run</c> would start it: its JIT build (<see cref="BuiltAspNetCoreApp"/>),
/// on Kestrel, on a port Kestrel picks.
/// </summary>
public sealed partial class KestrelAppHost : IAspNetCoreAppHost, IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    public bool OnLambda => false;

    public bool Streams => true;

    public string ExpectedPathBase => "";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var assembly = await BuiltAspNetCoreApp.GetAsync();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Record(line.Data, listening);
        _process.ErrorDataReceived += (_, line) => Record(line.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited).WithGuard();
        Assert.True(first == listening.Task, $"the app exited before it listened:\n{Log}");
        BaseAddress = await listening.Task;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private void Record(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (Listening().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
