import type { InspectorRow, InspectorView, PairState } from './pairs.js';

/**
 * The inspector page's script. It is shipped as its own source text (`inspectorScript.toString()`
 * in the page), so it must use nothing but browser globals: no imports at run time, only types.
 * Everything from the network is rendered with textContent and attributes, never as HTML.
 *
 * The page listens to GET /_emulator/stream (server-sent events) rather than polling: the view
 * arrives as soon as an event does, one request per open page instead of one per second, and
 * EventSource reconnects by itself after the emulator restarts.
 *
 * @example
 * const html = `<script>(${inspectorScript.toString()})()</script>`;
 */
export function inspectorScript(): void {
  const LABELS: Record<PairState, string> = {
    paired: 'paired',
    tag_only: 'tag only',
    server_only: 'server only',
    names_differ: 'names differ',
  };
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const stateFilter = byId<HTMLSelectElement>('state-filter');
  const nameFilter = byId<HTMLSelectElement>('name-filter');
  const tbody = byId<HTMLTableSectionElement>('rows');
  let view: InspectorView | undefined;
  let selected: string | undefined;

  const element = (tag: string, text = '', className = '') => {
    const node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour12: false });
  const share = (part: number, whole: number) =>
    whole === 0 ? '–' : `${part} of ${whole} (${Math.round((part / whole) * 100)}%)`;
  const json = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value, null, 2));

  function renderSummary(current: InspectorView) {
    const { summary } = current;
    byId('twin-share').textContent = share(summary.tagWithServerTwin, summary.tagEvents);
    byId('click-share').textContent = share(summary.withClickId, summary.serverEvents);
    byId('failing').textContent = String(summary.failingValidation);
  }

  function renderNameOptions(rows: readonly InspectorRow[]) {
    const names = [...new Set(rows.map((row) => row.name))].sort();
    const chosen = nameFilter.value;
    const options = [element('option', 'all names')];
    (options[0] as HTMLOptionElement).value = '';
    for (const name of names) {
      const option = element('option', name) as HTMLOptionElement;
      option.value = name;
      options.push(option);
    }
    nameFilter.replaceChildren(...options);
    nameFilter.value = names.includes(chosen) ? chosen : '';
  }

  function renderRow(row: InspectorRow) {
    const tr = document.createElement('tr');
    tr.dataset.key = row.key;
    tr.dataset.state = row.state;
    if (row.key === selected) tr.className = 'selected';
    tr.append(
      element('td', LABELS[row.state], `state ${row.state}`),
      element('td', row.name, 'name'),
      element('td', clock(row.time), 'time'),
      element(
        'td',
        row.tag ? `${row.tag.name}${row.tag.calls > 1 ? ` ×${row.tag.calls}` : ''}` : '—',
      ),
      element(
        'td',
        row.server
          ? `${row.server.name}${row.server.attempts > 1 ? ` · ${row.server.attempts} attempts` : ''}`
          : '—',
      ),
      element('td', row.server?.verdict.text ?? '—', row.server?.verdict.ok ? 'ok' : 'bad'),
    );
    const badges = element('td', '', 'badges');
    for (const badge of row.badges) {
      if (badge.state === 'missing') continue;
      const chip = element('span', badge.name, `badge ${badge.state}`);
      chip.title = badge.detail;
      badges.append(chip);
    }
    tr.append(badges);
    tr.addEventListener('click', () => {
      selected = row.key;
      render();
    });
    return tr;
  }

  function renderDetail(row: InspectorRow | undefined) {
    byId('detail').hidden = row === undefined;
    if (!row) return;
    byId('detail-title').textContent = `${row.name} · ${row.eventId ?? 'no event_id'}`;
    byId('detail-state').textContent = LABELS[row.state];
    byId('detail-tag').textContent = json(row.tag);
    byId('detail-server').textContent = json(row.server?.event);
    byId('detail-answer').textContent = json(
      row.server && { ...row.server.answer, attempts: row.server.attempts },
    );
    const list = byId('detail-badges');
    list.replaceChildren(
      ...row.badges.map((badge) => element('li', `${badge.name}: ${badge.detail}`, badge.state)),
    );
  }

  function render() {
    if (!view) return;
    renderSummary(view);
    const visible = view.rows.filter(
      (row) =>
        (!stateFilter.value || row.state === stateFilter.value) &&
        (!nameFilter.value || row.name === nameFilter.value),
    );
    tbody.replaceChildren(...visible.map(renderRow));
    byId('empty').hidden = visible.length > 0;
    renderDetail(view.rows.find((row) => row.key === selected));
  }

  stateFilter.addEventListener('change', render);
  nameFilter.addEventListener('change', render);
  byId('detail-close').addEventListener('click', () => {
    selected = undefined;
    render();
  });
  byId('clear').addEventListener('click', () => {
    void fetch('/_emulator/reset', { method: 'POST' });
  });

  const connection = byId('connection');
  const source = new EventSource('/_emulator/stream');
  source.addEventListener('open', () => {
    connection.textContent = 'live';
    connection.className = 'live';
  });
  source.addEventListener('error', () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'down';
  });
  source.addEventListener('view', (message) => {
    view = JSON.parse((message as MessageEvent<string>).data) as InspectorView;
    renderNameOptions(view.rows);
    render();
  });
}
