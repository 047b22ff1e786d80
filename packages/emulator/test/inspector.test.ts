import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InspectorView } from '../src/inspector/pairs.js';
import type { Emulator } from '../src/types.js';
import { emulator, event, NOW, postEvents } from './helpers.js';

/** Reads GET /_emulator/stream: each call of `next` resolves with the next `view` message. */
async function openStream(pinterest: Emulator) {
  const controller = new AbortController();
  const response = await fetch(`${pinterest.url}/_emulator/stream`, { signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<InspectorView> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        expect(message.split('\n')[0]).toBe('event: view');
        return JSON.parse(message.slice(message.indexOf('data: ') + 6));
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
  };
  /** Reads views until one satisfies `test` (changes arrive in throttled bursts). */
  const until = async (test: (view: InspectorView) => boolean) => {
    for (;;) {
      const view = await next();
      if (test(view)) return view;
    }
  };
  return { response, next, until, close: () => controller.abort() };
}

const postTag = (pinterest: Emulator, args: unknown[]) =>
  fetch(`${pinterest.url}/_emulator/tag`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ command: 'track', args, page: 'https://shop.example/', time: 1 }),
  });

describe('the inspector page', () => {
  it('is served at GET / as HTML whose only script and style the CSP lets run', async () => {
    const pinterest = await emulator();
    const response = await fetch(`${pinterest.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    for (const tag of ['script', 'style']) {
      const inline = html.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`))![1];
      const hash = createHash('sha256').update(inline).digest('base64');
      expect(csp, tag).toContain(`${tag}-src 'sha256-${hash}'`);
    }
    expect(html).toContain('/_emulator/stream');
    expect(html).toContain('id="rows"');
  });
});

describe('GET /_emulator/stream', () => {
  it('sends the view on connect, then pairs each tag and server copy as they arrive', async () => {
    const pinterest = await emulator();
    const stream = await openStream(pinterest);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect((await stream.next()).rows).toEqual([]);

    await postTag(pinterest, ['addtocart', { event_id: 'a' }]);
    expect((await stream.until((view) => view.rows.length === 1)).rows[0].state).toBe('tag_only');

    await postEvents(pinterest, { data: [event({ event_name: 'add_to_cart', event_id: 'a' })] });
    const view = await stream.until((seen) => seen.rows[0].state === 'paired');
    expect(view.rows[0].server).toMatchObject({
      name: 'add_to_cart',
      attempts: 1,
      answer: { status: 200, outcome: { status: 'processed' } },
      verdict: { ok: true, text: 'processed' },
    });
    expect(view.rows[0].badges.find((badge) => badge.name === 'hashed_email')?.state).toBe(
      'present',
    );
    expect(view.summary).toMatchObject({ tagEvents: 1, tagWithServerTwin: 1 });
    stream.close();
  });

  it('shows events Pinterest would refuse, with its answer, though they are not stored', async () => {
    const pinterest = await emulator();
    await postEvents(pinterest, {
      data: [event({ event_id: 'old', event_time: NOW - 8 * 86_400 }), event({ event_id: 'ok' })],
    });
    await postEvents(pinterest, {
      data: [event({ event_id: 'unhashed', user_data: { em: ['x'] } })],
    });
    await postEvents(pinterest, {
      data: [event({ event_id: 'beside' }), event({ event_id: 'wrapped', wrapper: 'x' })],
    });
    expect(pinterest.received().events.map((received) => received.event_id)).toEqual(['ok']);

    const stream = await openStream(pinterest);
    const { rows, summary } = await stream.next();
    const byId = Object.fromEntries(rows.map((row) => [row.key, row.server]));
    expect(byId.old?.verdict.text).toMatch(
      /^failed: Invalid event_timestamp parameter. Given timestamp is in the past/,
    );
    expect(byId.unhashed?.answer).toMatchObject({ status: 422, outcome: { status: 'failed' } });
    expect(byId.unhashed?.verdict.text).toMatch(/^failed: user_data\.em\[0\]: /);
    // A 400 refuses the whole request: each event is told the issues that name it.
    expect(byId.wrapped?.answer).toMatchObject({ status: 400, error: { code: 4196 } });
    expect(byId.wrapped?.verdict.text).toMatch(/^400 data\[1\]\.wrapper: /);
    expect(byId.beside?.verdict.text).toBe('400 The request was invalid.');
    expect(summary).toMatchObject({ serverEvents: 5, failingValidation: 4 });
    stream.close();
  });

  it('counts a retry after an injected 429 as a second attempt', async () => {
    const pinterest = await emulator({ faults: { script: ['429'] } });
    const body = { data: [event({ event_id: 'retried' })] };
    expect((await postEvents(pinterest, body)).status).toBe(429);
    expect((await postEvents(pinterest, body)).status).toBe(200);
    const stream = await openStream(pinterest);
    expect((await stream.next()).rows[0].server).toMatchObject({
      attempts: 2,
      verdict: { ok: true },
    });
    stream.close();
  });

  it('empties on reset, and does not hold close() open', async () => {
    const pinterest = await emulator();
    await postTag(pinterest, ['lead', { event_id: 'l' }]);
    const stream = await openStream(pinterest);
    expect((await stream.next()).rows).toHaveLength(1);
    await fetch(`${pinterest.url}/_emulator/reset`, { method: 'POST' });
    expect((await stream.until((view) => view.rows.length === 0)).summary.rows).toBe(0);
    await pinterest.close();
    await expect(stream.next()).rejects.toThrow();
  });
});
