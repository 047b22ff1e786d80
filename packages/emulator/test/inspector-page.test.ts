// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectorScript } from '../src/inspector/browser.js';
import type { ServerCopy } from '../src/inspector/log.js';
import { INSPECTOR_BODY } from '../src/inspector/page.js';
import { inspect } from '../src/inspector/pairs.js';
import type { TagCall } from '../src/types.js';

/** Stands in for the browser's EventSource: the test delivers the stream's messages. */
class FakeEventSource extends EventTarget {
  static last: FakeEventSource;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  deliver(tag: TagCall[], server: ServerCopy[]) {
    const data = JSON.stringify(inspect(tag, server));
    this.dispatchEvent(new MessageEvent('view', { data }));
  }
}

const HOSTILE = '<img src=x onerror="window.pwned=1">';
const track = (name: string, id: string): TagCall => ({
  command: 'track',
  args: [name, { event_id: id }],
  page: 'https://shop.example/',
  time: 1_000,
});
const copy = (name: string, id: string): ServerCopy => ({
  at: 2_000,
  adAccountId: '1',
  event: { event_name: name, event_id: id, user_data: { click_id: 'abc' } },
  answer: {
    status: 200,
    requestId: 'r',
    test: false,
    outcome: { status: 'processed', error_message: '', warning_message: '' },
  },
});

const rows = () =>
  [...document.querySelectorAll('#rows tr')].map((tr) => [
    (tr as HTMLElement).dataset.state,
    tr.querySelector('.name')?.textContent,
  ]);

beforeEach(() => {
  document.body.innerHTML = INSPECTOR_BODY;
  Object.assign(globalThis, { EventSource: FakeEventSource });
  inspectorScript();
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('the inspector script', () => {
  it('listens to /_emulator/stream and renders one row per event_id with the summary', () => {
    expect(FakeEventSource.last.url).toBe('/_emulator/stream');
    FakeEventSource.last.deliver(
      [track('checkout', 'c'), track('lead', 't')],
      [copy('checkout', 'c'), copy('signup', 's')],
    );
    expect(rows()).toEqual(
      expect.arrayContaining([
        ['paired', 'checkout'],
        ['tag_only', 'lead'],
        ['server_only', 'signup'],
      ]),
    );
    expect(document.getElementById('twin-share')?.textContent).toBe('1 of 2 (50%)');
    expect(document.getElementById('click-share')?.textContent).toBe('2 of 2 (100%)');
    expect(document.getElementById('empty')?.hidden).toBe(true);
    expect(document.querySelector('#rows .badge')?.textContent).toBe('click_id_epik');
  });

  it('renders names from the network as text, never as markup', () => {
    FakeEventSource.last.deliver([track(HOSTILE, HOSTILE)], [copy(HOSTILE, 'x')]);
    expect(document.querySelector('#rows img')).toBeNull();
    expect(document.querySelector('#name-filter img')).toBeNull();
    expect(rows()).toContainEqual(['tag_only', HOSTILE]);
    (document.querySelector('#rows tr') as HTMLElement).click();
    expect(document.querySelector('#detail img')).toBeNull();
    expect(document.getElementById('detail-title')?.textContent).toContain(HOSTILE);
  });

  it('filters by state and by event name', () => {
    FakeEventSource.last.deliver([track('lead', 'a')], [copy('lead', 'a'), copy('signup', 's')]);
    const state = document.getElementById('state-filter') as HTMLSelectElement;
    state.value = 'server_only';
    state.dispatchEvent(new Event('change'));
    expect(rows()).toEqual([['server_only', 'signup']]);
    state.value = '';
    const name = document.getElementById('name-filter') as HTMLSelectElement;
    name.value = 'lead';
    name.dispatchEvent(new Event('change'));
    expect(rows()).toEqual([['paired', 'lead']]);
  });

  it('opens the detail pane with each copy and the answer', () => {
    FakeEventSource.last.deliver([track('lead', 'a')], [copy('lead', 'a')]);
    expect(document.getElementById('detail')?.hidden).toBe(true);
    (document.querySelector('#rows tr') as HTMLElement).click();
    expect(document.getElementById('detail')?.hidden).toBe(false);
    expect(JSON.parse(document.getElementById('detail-tag')!.textContent!)).toMatchObject({
      name: 'lead',
      data: { event_id: 'a' },
    });
    expect(JSON.parse(document.getElementById('detail-server')!.textContent!)).toMatchObject({
      event_name: 'lead',
      event_id: 'a',
    });
    expect(JSON.parse(document.getElementById('detail-answer')!.textContent!)).toMatchObject({
      status: 200,
      attempts: 1,
      outcome: { status: 'processed' },
    });
  });
});
