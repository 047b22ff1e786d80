import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { emulator, statusAndBody } from './helpers.js';

const PAGE = 'https://shop.example/checkout?step=2';

/**
 * Runs /ct/core.js as a page would, with `window.pintrk` already defined by Pinterest's base code,
 * and real fetch calls to the emulator. Resolves the window once the given calls are reported.
 */
async function loadTag(pinterest: Emulator, queue: unknown[][]) {
  const script = await (await fetch(`${pinterest.url}/ct/core.js`)).text();
  const sent: Promise<Response>[] = [];
  const stub = Object.assign(() => undefined, { queue, version: '3.0' });
  const window: Record<string, unknown> = {
    location: { href: PAGE },
    pintrk: stub,
    fetch: (url: string, init: RequestInit) => {
      const request = fetch(url, init);
      sent.push(request);
      return request;
    },
  };
  runInNewContext(script, { window, Date });
  const pintrk = window.pintrk as ((...args: unknown[]) => void) & { version: string };
  const flush = async () => {
    await Promise.all(sent.splice(0));
    return pinterest.received().tag.map(({ command, args }) => [command, ...args]);
  };
  return { pintrk, flush, script };
}

describe('Pinterest Tag stand-in', () => {
  it('serves /ct/core.js as JavaScript that names the emulator absolutely', async () => {
    const pinterest = await emulator();
    const response = await fetch(`${pinterest.url}/ct/core.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain(`"${pinterest.url}/_emulator/tag"`);
  });

  it('answers HEAD like GET on its static routes, without a body', async () => {
    const pinterest = await emulator();
    for (const path of ['/ct/core.js', '/_emulator/events']) {
      const response = await fetch(`${pinterest.url}${path}`, { method: 'HEAD' });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe('');
    }
    const tag = await fetch(`${pinterest.url}/ct/core.js`, { method: 'HEAD' });
    expect(tag.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('replays the queue, then reports each call with its page and time', async () => {
    const pinterest = await emulator();
    const { pintrk, flush } = await loadTag(pinterest, [['load', '2612345678901'], ['page']]);
    expect(pintrk.version).toBe('3.0');
    pintrk('track', 'checkout', { event_id: 'evt-1', value: 10 });
    expect(await flush()).toEqual([
      ['load', '2612345678901'],
      ['page'],
      ['track', 'checkout', { event_id: 'evt-1', value: 10 }],
    ]);
    const [first] = pinterest.received().tag;
    expect(first.page).toBe(PAGE);
    expect(typeof first.time).toBe('number');
  });

  it('reports nothing but setconsent between setconsent(false) and setconsent(true)', async () => {
    const pinterest = await emulator();
    const { pintrk, flush } = await loadTag(pinterest, []);
    pintrk('setconsent', false);
    pintrk('track', 'pagevisit', { event_id: 'hidden' });
    pintrk('setconsent', true);
    pintrk('track', 'addtocart', { event_id: 'shown' });
    expect(await flush()).toEqual([
      ['setconsent', false],
      ['setconsent', true],
      ['track', 'addtocart', { event_id: 'shown' }],
    ]);
  });

  it('does not wrap itself when loaded twice', async () => {
    const pinterest = await emulator();
    const { pintrk, script } = await loadTag(pinterest, []);
    const window = { pintrk, location: { href: PAGE } };
    runInNewContext(script, { window });
    expect(window.pintrk).toBe(pintrk);
  });

  it('accepts text/plain JSON at POST /_emulator/tag with open CORS', async () => {
    const pinterest = await emulator();
    const call = { command: 'track', args: ['lead'], page: PAGE, time: 1 };
    const response = await fetch(`${pinterest.url}/_emulator/tag`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://shop.example' },
      body: JSON.stringify(call),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(pinterest.received().tag).toEqual([call]);
  });

  it('answers a CORS preflight', async () => {
    const pinterest = await emulator();
    const response = await fetch(`${pinterest.url}/_emulator/tag`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
  });

  it.each([
    ['not JSON', 'track'],
    ['no command', '{"args": []}'],
    ['args not a list', '{"command": "track", "args": "lead"}'],
  ])('rejects a tag call with %s', async (_, body) => {
    const pinterest = await emulator();
    const response = await fetch(`${pinterest.url}/_emulator/tag`, { method: 'POST', body });
    expect((await statusAndBody(response)).status).toBe(400);
    expect(pinterest.received().tag).toEqual([]);
  });
});
