namespace SseClock;

/// <summary>The page served at <c>GET /</c>: an EventSource on <c>stream</c> of the same function.</summary>
internal static class ClockPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>SSE clock</title>
          <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }
            #events li { font-family: ui-monospace, monospace; }
          </style>
        </head>
        <body>
          <h1>SSE clock</h1>
          <p>Status: <span id="status">connecting</span></p>
          <ul id="events"></ul>
          <script>
            // Relative, so it works at a Function URL's root and under an API Gateway stage alike;
            // the page's own query (count, intervalMs) is passed on.
            const source = new EventSource('stream' + location.search);
            const list = document.getElementById('events');
            const status = document.getElementById('status');
            const add = (text, id) => {
              const item = document.createElement('li');
              item.className = 'event';
              if (id) item.dataset.id = id;
              item.textContent = text;
              list.appendChild(item);
            };
            source.onopen = () => { status.textContent = 'open'; };
            source.onmessage = (e) => { add('welcome: ' + JSON.parse(e.data).message); };
            source.addEventListener('update', (e) => {
              const update = JSON.parse(e.data);
              add('#' + e.lastEventId + ' ' + update.message + ' (random ' + update.randomValue + ')', e.lastEventId);
            });
            // The function ends the stream after its last update; without this, EventSource would reconnect.
            source.onerror = () => { status.textContent = 'closed'; source.close(); };
          </script>
        </body>
        </html>
        """;
}
