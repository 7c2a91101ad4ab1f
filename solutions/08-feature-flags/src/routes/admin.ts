import type { FastifyInstance } from 'fastify';

/**
 * GET /admin?token=…: one static page whose module script calls the API with the token. The API
 * enforces roles; the page only mirrors them (a viewer's toggles are disabled).
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feature flags</title>
<style>body{font:14px system-ui;margin:2rem}li{margin:.3rem 0}button{margin-left:.5rem}</style></head>
<body>
<h1>Feature flags</h1><p id="who"></p>
<ul id="flags"></ul>
<h2>Audit</h2><ul data-testid="audit" id="audit"></ul>
<script type="module">
const token = new URLSearchParams(location.search).get('token') ?? '';
const claims = (() => { try { return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); } catch { return {}; } })();
const canWrite = claims.role === 'admin' || claims.role === 'editor';
const api = (path, init = {}) => fetch(path, { ...init, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', ...(init.headers ?? {}) } });
document.getElementById('who').textContent = (claims.sub ?? '?') + ' (' + (claims.role ?? '?') + ') — tenant ' + (claims.tenant ?? '?');
const text = (tag, content, attrs = {}) => { const el = document.createElement(tag); el.textContent = content; for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); return el; };
async function loadFlags() {
  const res = await api('/flags');
  const list = document.getElementById('flags');
  list.replaceChildren();
  if (!res.ok) { list.append(text('li', 'could not load flags: ' + res.status)); return; }
  for (const flag of (await res.json()).flags) {
    const item = text('li', flag.key + ' ', { 'data-flag': flag.key, 'data-enabled': String(flag.enabled) });
    const toggle = text('button', flag.enabled ? 'on' : 'off', { 'data-testid': 'toggle' });
    toggle.disabled = !canWrite;
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      const changed = await api('/flags/' + encodeURIComponent(flag.key), { method: 'PATCH', body: JSON.stringify({ enabled: !flag.enabled }) });
      if (!changed.ok) item.append(text('span', ' refused: ' + changed.status));
      await Promise.all([loadFlags(), loadAudit()]);
    });
    item.append(toggle);
    list.append(item);
  }
}
async function loadAudit() {
  const res = await api('/audit?limit=20');
  const list = document.getElementById('audit');
  list.replaceChildren();
  if (!res.ok) return;
  for (const e of (await res.json()).entries) list.append(text('li', e.at + ' ' + e.actor + ' ' + e.action + ' ' + e.flagKey, { 'data-flag-key': e.flagKey }));
}
await Promise.all([loadFlags(), loadAudit()]);
document.body.dataset.ready = 'true';
</script>
</body></html>`;

export function adminRoutes(app: FastifyInstance): void {
  app.get('/admin', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
