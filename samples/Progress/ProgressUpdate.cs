namespace Progress;

/// <summary>How far the task is, in percent.</summary>
public sealed record ProgressUpdate(string Task, int Progress);
