/** What the dev server shows instead of a deck when building it failed. */
import { escapeHtml } from '../slides/renderEnv.ts';

export function renderErrorPage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lessondeck: build error</title>
<script type="module" src="/@vite/client"></script>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1e293b}pre{background:#fef2f2;border:2px solid #b91c1c;padding:1rem;white-space:pre-wrap}</style></head>
<body><h1>The course could not be built</h1><pre class="ld-build-error">${escapeHtml(message)}</pre>
<p>Fix the file named above and save: this page reloads by itself.</p></body></html>`;
}
