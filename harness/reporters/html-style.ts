/** The report's only styling, inline: the file opens anywhere, offline, with nothing to fetch. */
export const HTML_REPORT_CSS = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --line: #d0d7de; --bar: #0969da; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: var(--muted); font-size: .85rem; } code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.verdict { display: inline-block; padding: .15rem .6rem; border-radius: 1rem; color: #fff; font-weight: 600; }
.verdict.passed { background: var(--ok); } .verdict.failed { background: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.state-passed { color: var(--ok); font-weight: 600; } .state-failed { color: var(--bad); font-weight: 600; } .state-skipped { color: var(--muted); }
details { margin: .5rem 0 1rem; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
summary { cursor: pointer; font-weight: 600; }
pre { white-space: pre-wrap; word-break: break-word; background: rgba(127,127,127,.1); padding: .6rem; border-radius: 4px; margin: .4rem 0; }
.alert { border-left: 4px solid var(--bad); padding: .5rem .75rem; background: rgba(207,34,46,.08); margin: 1rem 0; }
svg text { fill: currentColor; font: 12px system-ui, sans-serif; }
`;
