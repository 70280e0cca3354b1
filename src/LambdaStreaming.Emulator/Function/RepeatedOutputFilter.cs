using System.Text.RegularExpressions;

namespace LambdaStreaming.Emulator.Function;

/// <summary>
/// Passes one output stream of the function through, except what only repeats its last crash: a function that fails
/// at init prints the same stack trace at every restart, and after the first time the emulator says so in one line.
/// Lines count as the same when they differ only in timestamps and ids. Lines that might be a repeat are held until
/// they stop matching (then printed) or the process ends (then summarised).
/// </summary>
internal sealed partial class RepeatedOutputFilter(TextWriter output)
{
    private const int MaxRemembered = 2000;

    private readonly Lock _gate = new();
    private List<string> _previous = [];
    private List<string> _current = [];
    private readonly List<string> _held = [];
    private bool _matching;

    /// <summary>A new process starts; its output is compared with the last one's if that one crashed.</summary>
    public void BeginRun(bool previousCrashed)
    {
        lock (_gate)
        {
            _previous = previousCrashed ? _current : [];
            _current = [];
            _held.Clear();
            _matching = _previous.Count > 0;
        }
    }

    public void OnLine(string line)
    {
        lock (_gate)
        {
            var normalised = Volatile().Replace(line, "*");
            if (_current.Count < MaxRemembered)
            {
                _current.Add(normalised);
            }

            if (_matching && _current.Count <= _previous.Count && _previous[_current.Count - 1] == normalised)
            {
                _held.Add(line);
                return;
            }

            StopHolding();
            output.WriteLine(line);
        }
    }

    /// <summary>Prints what is held and stops holding: the run got past the point where the last one crashed.</summary>
    public void StopHolding()
    {
        lock (_gate)
        {
            if (_matching)
            {
                Flush();
                _matching = false;
            }
        }
    }

    /// <summary>The process ended: returns how many lines were a whole repeat of the last crash (0 if they were printed).</summary>
    public int EndRun()
    {
        lock (_gate)
        {
            if (_matching && _held.Count > 0 && _held.Count == _previous.Count)
            {
                var repeated = _held.Count;
                _held.Clear();
                return repeated;
            }

            Flush();
            return 0;
        }
    }

    private void Flush()
    {
        foreach (var held in _held)
        {
            output.WriteLine(held);
        }

        _held.Clear();
    }

    // Timestamps (ISO 8601) and GUIDs: what differs between two runs that otherwise print the same.
    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d{4}/\d\d/\d\d\b")]
    private static partial Regex Volatile();
}
