import { describe, expect, it } from 'vitest';
import { ACCOUNT, emulator, event, NOW_MS, postEvents, statusAndBody } from './helpers.js';

describe('what the emulator keeps', () => {
  it('serves it as JSON at GET /_emulator/events', async () => {
    const pinterest = await emulator();
    await postEvents(pinterest, { data: [event({ event_id: 'a' })] });
    const response = await fetch(`${pinterest.url}/_emulator/events`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const { status, body } = await statusAndBody(response);
    expect(status).toBe(200);
    expect(body).toEqual(pinterest.received());
    expect(body.events[0]).toMatchObject({
      event_id: 'a',
      adAccountId: ACCOUNT,
      receivedAt: NOW_MS,
    });
    expect(body.discarded).toEqual({ events: 0, requests: 0, tag: 0 });
  });

  it('forgets everything on POST /_emulator/reset and reset()', async () => {
    const pinterest = await emulator();
    const empty = {
      events: [],
      requests: [],
      tag: [],
      discarded: { events: 0, requests: 0, tag: 0 },
    };
    await postEvents(pinterest, { data: [event()] });
    const response = await fetch(`${pinterest.url}/_emulator/reset`, { method: 'POST' });
    expect(await statusAndBody(response)).toEqual({ status: 200, body: { ok: true } });
    expect(pinterest.received()).toEqual(empty);

    await postEvents(pinterest, { data: [event()] });
    pinterest.reset();
    expect(pinterest.received()).toEqual(empty);
  });

  it('gives snapshots that later requests do not change', async () => {
    const pinterest = await emulator();
    const before = pinterest.received();
    await postEvents(pinterest, { data: [event()] });
    expect(before.events).toEqual([]);
    expect(pinterest.received().events).toHaveLength(1);
  });

  it('counts instead of keeping what exceeds maxRecords', async () => {
    const pinterest = await emulator({ maxRecords: 3 });
    await postEvents(pinterest, { data: [event({ event_id: '1' }), event({ event_id: '2' })] });
    await postEvents(pinterest, { data: [event({ event_id: '3' }), event({ event_id: '4' })] });
    await postEvents(pinterest, { data: [event({ event_id: '5' })] });
    await postEvents(pinterest, { data: [event({ event_id: '6' })] });
    const { events, requests, discarded } = pinterest.received();
    expect(events.map((e) => e.event_id)).toEqual(['1', '2', '3']);
    expect(requests).toHaveLength(3);
    expect(discarded).toEqual({ events: 3, requests: 1, tag: 0 });
  });
});
