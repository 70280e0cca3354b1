namespace LambdaStreaming.EndToEnd;

/// <summary>The kernel's page cache, which the cold-cache cold start empties before each spawn (root only).</summary>
internal static class PageCache
{
    private const string DropCaches = "/proc/sys/vm/drop_caches";

    /// <summary>Whether this process may drop the cache: root, on Linux.</summary>
    public static bool CanDrop => OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists(DropCaches);

    /// <summary>Writes dirty pages back (<c>sync</c>), then drops clean page cache, dentries and inodes (<c>3</c>).</summary>
    public static void Drop()
    {
        using (var sync = System.Diagnostics.Process.Start("sync")!)
        {
            sync.WaitForExit();
        }
        File.WriteAllText(DropCaches, "3");
    }
}
