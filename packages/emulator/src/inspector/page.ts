import { createHash } from 'node:crypto';
import { inspectorScript } from './browser.js';

const STYLE = `
:root { font: 14px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fafafa; }
body { margin: 0; }
header { display: flex; align-items: baseline; gap: 1rem; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.1rem; margin: 0; }
#connection { font-size: .8rem; color: #888; }
#connection.live { color: #137333; }
#connection.down { color: #b3261e; }
#summary { display: flex; gap: 2rem; padding: .75rem 1rem; }
#summary div { display: flex; flex-direction: column; }
#summary span:first-child { font-size: .75rem; color: #666; }
#summary span:last-child { font-size: 1.1rem; font-weight: 600; }
#filters { display: flex; gap: .5rem; padding: 0 1rem .5rem; }
main { display: flex; gap: 1rem; padding: 0 1rem 1rem; align-items: flex-start; }
table { border-collapse: collapse; background: #fff; flex: 1; min-width: 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-size: .75rem; color: #666; font-weight: 600; }
tbody tr { cursor: pointer; }
tbody tr:hover, tr.selected { background: #eef3fd; }
td.state { font-weight: 600; white-space: nowrap; }
td.paired { color: #137333; }
td.tag_only, td.server_only { color: #a05a00; }
td.names_differ { color: #b3261e; }
td.ok { color: #137333; }
td.bad { color: #b3261e; }
.badge { display: inline-block; margin: 0 .25rem .25rem 0; padding: 0 .4rem; border-radius: .6rem; font-size: .75rem; background: #e6f4ea; color: #137333; }
.badge.malformed { background: #fce8e6; color: #b3261e; }
#detail { width: 40%; background: #fff; border: 1px solid #ddd; padding: .5rem 1rem; }
#detail h2 { font-size: 1rem; word-break: break-all; }
#detail h3 { font-size: .8rem; color: #666; margin: .75rem 0 .25rem; }
#detail pre { font-size: .75rem; background: #f5f5f5; padding: .5rem; overflow: auto; max-height: 18rem; margin: 0; }
#detail li.missing { color: #888; }
#detail li.malformed { color: #b3261e; }
#empty { padding: 1rem; color: #666; }
`;

const SCRIPT = `(${inspectorScript.toString()})();`;

const BODY = `<header><h1>pinbridge inspector</h1><span>the tag's copy and the server's copy of each event_id, as the emulator judged them</span><span id="connection">connecting…</span></header>
<section id="summary">
  <div><span>tag events with a server twin</span><span id="twin-share">–</span></div>
  <div><span>server events with a click id (click_id_epik)</span><span id="click-share">–</span></div>
  <div><span>events failing validation</span><span id="failing">0</span></div>
</section>
<form id="filters">
  <label>state <select id="state-filter"><option value="">all</option><option value="paired">paired</option><option value="tag_only">tag only</option><option value="server_only">server only</option><option value="names_differ">names differ</option></select></label>
  <label>event <select id="name-filter"><option value="">all names</option></select></label>
  <button id="clear" type="button">Clear events</button>
</form>
<main>
  <div>
    <table>
      <thead><tr><th>state</th><th>event</th><th>first seen</th><th>tag's copy</th><th>server's copy</th><th>Pinterest's answer</th><th>identifiers</th></tr></thead>
      <tbody id="rows"></tbody>
    </table>
    <p id="empty">No events yet: use the site, and the tag's and the server's copies appear here.</p>
  </div>
  <aside id="detail" hidden>
    <button id="detail-close" type="button">Close</button>
    <h2 id="detail-title"></h2>
    <p id="detail-state"></p>
    <h3>tag's copy</h3><pre id="detail-tag"></pre>
    <h3>server's copy (what pinbridge sent)</h3><pre id="detail-server"></pre>
    <h3>the answer</h3><pre id="detail-answer"></pre>
    <h3>identifiers</h3><ul id="detail-badges"></ul>
  </aside>
</main>`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The inspector's markup without its script, for tests that run the script on their own DOM. */
export const INSPECTOR_BODY = BODY;

/** GET /: one page, its style and script inline, nothing fetched but the stream. */
export const INSPECTOR_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pinbridge inspector</title><style>${STYLE}</style></head>
<body>${BODY}<script>${SCRIPT}</script></body></html>`;

/** Only this page's own style and script run, and they may only call the emulator itself. */
export const INSPECTOR_CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`;
