namespace LambdaStreaming.Tests.Browser;

/// <summary>
/// An init script for a page that lists events as <c>li[data-id]</c>: it records the browser's own clock each time one
/// is put on screen, in <c>window.renderedAt</c>, so a test can tell events rendered live from events rendered together.
/// </summary>
internal static class RenderTimes
{
    public const string RecordScript = """
        window.renderedAt = [];
        new MutationObserver(changes => {
          for (const change of changes)
            for (const node of change.addedNodes)
              if (node.nodeType === 1 && node.matches('li[data-id]')) window.renderedAt.push(Date.now());
        }).observe(document, { childList: true, subtree: true });
        """;
}
