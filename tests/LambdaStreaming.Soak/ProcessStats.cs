namespace LambdaStreaming.Soak;

/// <summary>A process's resident memory and open handles, read from /proc.</summary>
internal static class ProcessStats
{
    public static (double RssMiB, int Handles)? Read(int? processId)
    {
        if (processId is not { } id)
        {
            return null;
        }

        try
        {
            var rssKiB = File.ReadLines($"/proc/{id}/status")
                .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]))
                .First();
            return (rssKiB / 1024.0, Directory.GetFiles($"/proc/{id}/fd").Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The process exited between the id and the read (a container-error fault restarts it).
            return null;
        }
    }
}
