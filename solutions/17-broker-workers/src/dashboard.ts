/**
 * GET /dashboard (B3): a static page that polls /stats every second and renders one row per queue.
 * No framework and no external asset, so it loads offline.
 */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Broker workers · queues</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; }
  table { border-collapse: collapse; }
  th, td { padding: 0.3rem 0.8rem; border-bottom: 1px solid #ddd; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .dlq { color: #b00; }
</style>
</head>
<body>
<h1>Queues</h1>
<table>
  <thead><tr><th>queue</th><th>depth</th><th>publish/s</th><th>deliver/s</th><th>ack/s</th></tr></thead>
  <tbody id="queues"><tr><td colspan="5">loading…</td></tr></tbody>
</table>
<p class="dlq">DLQ depth: <span id="dlq">–</span> · dead-lettered: <span id="dead">–</span> · publish failures: <span id="failures">–</span></p>
<p id="updated"></p>
<script>
  const cell = (text) => { const td = document.createElement('td'); td.textContent = text; return td; };
  async function refresh() {
    try {
      const stats = await (await fetch('/stats')).json();
      const rows = Object.entries(stats.queues).map(([name, q]) => {
        const tr = document.createElement('tr');
        tr.append(cell(name), cell(q.depth), cell(q.publishRate.toFixed(1)), cell(q.deliverRate.toFixed(1)), cell(q.ackRate.toFixed(1)));
        return tr;
      });
      document.getElementById('queues').replaceChildren(...rows);
      document.getElementById('dlq').textContent = stats.dlq.depth;
      document.getElementById('dead').textContent = stats.errors.deadLettered;
      document.getElementById('failures').textContent = stats.errors.publishFailures;
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (error) {
      document.getElementById('updated').textContent = 'stats unavailable: ' + error.message;
    }
  }
  refresh();
  setInterval(refresh, 1000);
</script>
</body>
</html>
`;
