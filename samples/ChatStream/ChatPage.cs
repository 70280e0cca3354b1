namespace ChatStream;

/// <summary>The page at <c>GET /</c>: a prompt, and the answer rendered token by token as the chunks arrive.</summary>
public static class ChatPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>ChatStream</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
            textarea { width: 100%; height: 4rem; font: inherit; }
            #answer { white-space: pre-wrap; border-left: 3px solid #888; padding-left: .75rem; min-height: 3rem; }
            #status { color: #666; font-size: .9rem; }
          </style>
        </head>
        <body>
          <h1>ChatStream</h1>
          <p>An OpenAI-compatible <code>POST /v1/chat/completions</code> on a Lambda Function URL, streamed by LambdaStreaming.</p>
          <label>Model <select id="model"></select></label>
          <textarea id="prompt">Say something, one token at a time.</textarea>
          <button id="send">Send</button>
          <p id="status"></p>
          <div id="answer"></div>
          <script>
            // Arrival time of each token as rendered, for a test to read (ms since the request was sent).
            window.tokenTimes = [];
            const $ = id => document.getElementById(id);
            fetch('v1/models').then(r => r.json()).then(list => {
              for (const m of list.data) $('model').add(new Option(m.id, m.id));
            });
            $('send').onclick = async () => {
              $('answer').textContent = ''; $('status').textContent = 'waiting for the first token...';
              window.tokenTimes = []; window.done = false;
              const started = performance.now();
              const response = await fetch('v1/chat/completions', {
                method: 'POST', headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ model: $('model').value, stream: true, messages: [{ role: 'user', content: $('prompt').value }] })
              });
              if (!response.ok) { $('status').textContent = (await response.json()).error.message; return; }
              const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
              let pending = '';
              while (true) {
                const { value, done } = await reader.read();
                if (done) break;
                pending += value;
                let end;
                while ((end = pending.indexOf('\n\n')) >= 0) {
                  const event = pending.slice(0, end); pending = pending.slice(end + 2);
                  for (const line of event.split('\n')) {
                    if (!line.startsWith('data: ')) continue;
                    const data = line.slice(6);
                    if (data === '[DONE]') { $('status').textContent = 'done'; window.done = true; continue; }
                    const chunk = JSON.parse(data);
                    if (chunk.error) { $('status').textContent = 'error: ' + chunk.error.message; continue; }
                    const token = chunk.choices?.[0]?.delta?.content;
                    if (token) {
                      $('answer').textContent += token;
                      window.tokenTimes.push(performance.now() - started);
                      $('status').textContent = 'streaming...';
                    }
                  }
                }
              }
            };
          </script>
        </body>
        </html>
        """;
}
