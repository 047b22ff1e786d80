import { describe, expect, it } from 'vitest';
import { FaultPlan, parseFaults } from '../src/faults.js';
import type { Emulator, FaultName } from '../src/index.js';
import { emulator, event, postEvents, statusAndBody } from './helpers.js';

const send = (pinterest: Emulator) => postEvents(pinterest, { data: [event()] });

async function statuses(pinterest: Emulator, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index++) {
    const response = await send(pinterest).catch(() => undefined);
    result.push(response?.status ?? 0);
  }
  return result;
}

async function elapsed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

describe('fault injection', () => {
  it('plays the script in order, then answers normally', async () => {
    const script: FaultName[] = ['429', '503', '500', '400', '401', '403', 'ok'];
    const pinterest = await emulator({ faults: { script, retryAfterSeconds: 7 } });
    const answers = [];
    for (let index = 0; index < script.length + 1; index++) {
      const response = await send(pinterest);
      answers.push({
        ...(await statusAndBody(response)),
        retryAfter: response.headers.get('retry-after'),
      });
    }
    expect(answers.map((answer) => answer.status)).toEqual([
      429, 503, 500, 400, 401, 403, 200, 200,
    ]);
    expect(answers[0]).toEqual({
      status: 429,
      retryAfter: '7',
      body: {
        code: 8,
        message:
          'This request exceeded a rate limit. This can happen if the client exceeds one\nof the published rate limits within a short time window.',
      },
    });
    expect(answers[1].body).toEqual({
      code: 4197,
      message: 'The endpoint has been ramped down and is currently not accepting any traffic.',
    });
    expect(answers[1].retryAfter).toBeNull();
    expect(answers[3].body).toEqual({ code: 4196, message: 'The request was invalid.' });
    expect(answers[4].body).toEqual({ code: 2, message: 'Authentication failed.' });
    expect(answers[5].body.code).toBe(29);
    const { requests, events } = pinterest.received();
    expect(requests.map((request) => request.fault)).toEqual([
      '429',
      '503',
      '500',
      '400',
      '401',
      '403',
      undefined,
      undefined,
    ]);
    expect(events).toHaveLength(2);
  });

  it('answers a 429 with Retry-After 1 by default', async () => {
    const pinterest = await emulator({ faults: { script: ['429'] } });
    expect((await send(pinterest)).headers.get('retry-after')).toBe('1');
  });

  it('drops the connection without an answer', async () => {
    const pinterest = await emulator({ faults: { script: ['drop'] } });
    await expect(send(pinterest)).rejects.toThrow();
    expect((await send(pinterest)).status).toBe(200);
    const { requests, events } = pinterest.received();
    expect(requests.map(({ status, fault }) => ({ status, fault }))).toEqual([
      { status: 0, fault: 'drop' },
      { status: 200, fault: undefined },
    ]);
    expect(events).toHaveLength(1);
  });

  it('answers a slow request normally, after slowMs', async () => {
    const pinterest = await emulator({ faults: { script: ['slow'], slowMs: 300 } });
    let response: Response | undefined;
    const took = await elapsed(async () => {
      response = await send(pinterest);
    });
    expect(response?.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(pinterest.received().requests[0]).toMatchObject({ status: 200, fault: 'slow' });
    expect(pinterest.received().events).toHaveLength(1);
  });

  it('adds latency to every API response, errors included', async () => {
    const pinterest = await emulator({ latencyMs: 200, faults: { script: ['503'] } });
    expect(await elapsed(() => send(pinterest))).toBeGreaterThanOrEqual(190);
    expect(await elapsed(() => postEvents(pinterest, {}, { token: null }))).toBeGreaterThanOrEqual(
      190,
    );
  });

  it('repeats the same rate-driven sequence for the same seed', async () => {
    const faults = { seed: 42, rates: { status429: 0.3, status503: 0.2, drop: 0.1 } };
    const first = await statuses(await emulator({ faults }), 40);
    const second = await statuses(await emulator({ faults }), 40);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 200, 429, 503]));
  });

  it('applies a rate of 1 to every request', async () => {
    const pinterest = await emulator({ faults: { rates: { status500: 1 } } });
    expect(await statuses(pinterest, 5)).toEqual([500, 500, 500, 500, 500]);
  });

  it('replaces the faults through setFaults and POST /_emulator/faults', async () => {
    const pinterest = await emulator({ faults: { rates: { status503: 1 } } });
    pinterest.setFaults({ script: ['401'] });
    expect(await statuses(pinterest, 2)).toEqual([401, 200]);

    const response = await fetch(`${pinterest.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ script: ['429', 'ok', '503'] }),
    });
    expect(await statusAndBody(response)).toEqual({ status: 200, body: { ok: true } });
    expect(await statuses(pinterest, 4)).toEqual([429, 200, 503, 200]);
  });

  it('rejects a malformed fault configuration', async () => {
    const pinterest = await emulator();
    const post = (body: string) =>
      fetch(`${pinterest.url}/_emulator/faults`, { method: 'POST', body }).then(statusAndBody);
    expect(await post('{"script": ["418"]}')).toEqual({
      status: 400,
      body: { message: expect.stringContaining('faults.script') },
    });
    expect((await post('{"rates": {"status429": 2}}')).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    expect(() => pinterest.setFaults({ rates: { typo: 1 } } as never)).toThrow(/faults.rates.typo/);
  });
});

describe('FaultPlan', () => {
  it('uses the script before the rates', () => {
    const plan = new FaultPlan({ script: ['slow', 'ok'], rates: { drop: 1 } });
    expect([plan.next(), plan.next(), plan.next()]).toEqual(['slow', 'ok', 'drop']);
  });

  it('draws the rates in order from one number, capped at certainty', () => {
    const plan = new FaultPlan({ seed: 1, rates: { status429: 0.6, status503: 0.6 } });
    const outcomes = new Set(Array.from({ length: 200 }, () => plan.next()));
    expect(outcomes).toEqual(new Set(['429', '503']));
  });

  it('keeps defaults for slowMs and retryAfterSeconds', () => {
    expect(new FaultPlan()).toMatchObject({ slowMs: 2000, retryAfterSeconds: 1 });
    expect(new FaultPlan().next()).toBe('ok');
  });

  it('names the bad field of a configuration', () => {
    expect(() => parseFaults([])).toThrow('faults must be an object');
    expect(() => parseFaults({ slowMs: -1 })).toThrow('faults.slowMs');
    expect(() => parseFaults({ seed: 1.5 })).toThrow('faults.seed');
    expect(parseFaults({ script: ['drop'], seed: 3 })).toEqual({ script: ['drop'], seed: 3 });
  });
});
