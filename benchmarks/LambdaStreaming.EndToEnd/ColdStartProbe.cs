using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaStreaming.EndToEnd;

/// <summary>
/// Process start to first <c>GET next</c>, seen by a bare TCP listener (no HTTP server whose own warm-up would be
/// counted), and process start to exit for the hello-world floor.
/// </summary>
internal static class ColdStartProbe
{
    private static readonly byte[] NextRequestLine = "GET /2018-06-01/runtime/invocation/next "u8.ToArray();

    /// <summary>
    /// The median start-to-next of each binary, their spawns taking turns (<see cref="TurnOrder"/>); with
    /// <paramref name="coldPageCache"/>, the page cache is dropped before each spawn, so the binary is read from disk
    /// as on Lambda, where it is paged in from a lazily loaded disk and its size and layout show in init time.
    /// </summary>
    public static async Task<IReadOnlyList<double>> MedianStartToNextAsync(IReadOnlyList<string> binaries, int spawns, bool coldPageCache = false)
    {
        var samples = binaries.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < spawns; round++)
        {
            foreach (var i in TurnOrder.Of(round, binaries.Count))
            {
                if (coldPageCache)
                {
                    PageCache.Drop();
                }
                samples[i].Add(await StartToNextAsync(binaries[i]));
            }
        }

        return samples.Select(Percentiles.Median).ToList();
    }

    public static async Task<double> MedianStartToExitAsync(string binary, int spawns)
    {
        var samples = new List<double>();
        for (var i = 0; i < spawns; i++)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo(binary) { RedirectStandardOutput = true })!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Percentiles.Median(samples);
    }

    private static async Task<double> StartToNextAsync(string binary)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = (IPEndPoint)listener.LocalEndpoint;
        // Both streams captured: a runtime whose connection the probe drops may print a crash report before it is killed.
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Lambda starts the bootstrap in its task root (/var/task, the zip's contents): a runtime that looks at its
            // working directory (ASP.NET Core's content root and its config watcher) must see that, not the repository.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(binary))!,
            Environment = { ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{address.Port}" },
        };
        var seen = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var accepting = AcceptAsync(listener, clock, seen, stop.Token);
        try
        {
            return await seen.Task.WaitAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await accepting;
        }
    }

    // A runtime may open a spare connection first: whichever connection carries the GET next decides.
    private static async Task AcceptAsync(TcpListener listener, Stopwatch clock, TaskCompletionSource<double> seen, CancellationToken cancellationToken)
    {
        var readers = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                readers.Add(ReadAsync(socket, clock, seen, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(readers);
    }

    private static async Task ReadAsync(Socket socket, Stopwatch clock, TaskCompletionSource<double> seen, CancellationToken cancellationToken)
    {
        using var _ = socket;
        var buffer = new byte[4096];
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                if (buffer.AsSpan(0, filled).IndexOf(NextRequestLine) >= 0)
                {
                    seen.TrySetResult(clock.Elapsed.TotalMilliseconds);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
        }
    }
}
