/** What `/` shows until the web app is built. */
export const WEB_PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Chat</title></head>
<body>
<h1>Chat</h1>
<p>The web app is not built yet. The API is running: see <a href="/api/docs">/api/docs</a>
and <code>/api/health</code>; Socket.IO listens on namespace <code>/chat</code>.</p>
<p>Build the web client with <code>npx nx build web</code> (or restart with <code>npm start</code>).</p>
</body>
</html>
`;
