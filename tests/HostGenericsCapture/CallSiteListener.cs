using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;

/// <summary>
/// Listens to Microsoft-Extensions-DependencyInjection's CallSiteBuilt events and appends each generic type named in a
/// call site (service, implementation or enumerable item) the first time it is seen. Written as it is seen, so the file
/// is complete whenever the app is stopped, however abruptly.
/// </summary>
internal sealed partial class CallSiteListener(string output) : EventListener
{
    private readonly HashSet<string> _seen = [];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Extensions-DependencyInjection")
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "CallSiteBuilt" || eventData.Payload is not [_, string callSite, ..])
        {
            return;
        }
        lock (_seen)
        {
            var lines = new List<string>();
            foreach (Match match in GenericTypeInCallSite().Matches(callSite))
            {
                var name = match.Groups[1].Value;
                if (_seen.Add(name))
                {
                    lines.Add(RdXmlName.Resolve(name) is { } type ? $"{type.Assembly.GetName().Name}\t{RdXmlName.Of(type)}" : $"unresolved\t{name}");
                }
            }
            if (lines.Count > 0)
            {
                File.AppendAllLines(output, lines);
            }
        }
    }

    [GeneratedRegex("\"(?:serviceType|implementationType|itemType)\": \"([^\"]*`[^\"]*)\"")]
    private static partial Regex GenericTypeInCallSite();
}
