import { type PinbridgeReport, validateEvents } from '@pinbridge/core';
import { createPinHandler } from '@pinbridge/core/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FuzzInput, fuzzInput } from './server-fuzz-arbitraries.js';
import { BROWSER_UA, fakeClient } from './server-helpers.js';

const RUNS = 10_000;

function toRequest(input: FuzzInput): Request {
  const headers: Record<string, string> = {
    'user-agent': BROWSER_UA,
    'x-forwarded-for': '203.0.113.9',
  };
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  if (input.contentLength)
    headers['content-length'] = String(new TextEncoder().encode(input.body as string).byteLength);
  const request = new Request('https://shop.test/api/pin', {
    method: 'POST',
    headers,
    body: input.body as BodyInit,
  });
  // A string body gets text/plain by default; a missing type must really be missing.
  if (input.contentType === undefined) request.headers.delete('content-type');
  return request;
}

describe('fuzz /api/pin', () => {
  it(`answers ${RUNS} generated bodies with 202 or a well-formed 4xx, and forwards only valid events`, {
    timeout: 120_000,
  }, async () => {
    const client = fakeClient();
    const deliveries: Promise<unknown>[] = [];
    const reports: PinbridgeReport[] = [];
    const handle = createPinHandler({
      client,
      rateLimit: false,
      onReport: (report) => reports.push(report),
    });
    const waitUntil = (promise: Promise<unknown>) => void deliveries.push(promise);
    const byStatus = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzInput, async (input) => {
        client.enqueued.length = 0;
        deliveries.length = 0;
        const response = await handle(toRequest(input), { waitUntil });
        const { status } = response;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        const body = await response.json();
        await Promise.all(deliveries);
        expect(status === 202 || (status >= 400 && status < 500)).toBe(true);
        if (input.expected) expect(input.expected).toContain(status);
        if (status === 202) {
          expect(body.accepted).toBe(client.enqueued.length);
        } else {
          expect(body).toEqual({
            error: {
              code: expect.any(String),
              message: expect.any(String),
              path: expect.any(String),
            },
          });
          expect(client.enqueued).toEqual([]);
        }
        if (client.enqueued.length > 0) {
          const { valid, errors } = validateEvents({ data: client.enqueued });
          expect(errors).toEqual([]);
          expect(valid).toBe(true);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    const counts = [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`);
    console.log(`fuzz /api/pin: ${RUNS} bodies -> ${counts.join(', ')}`);
    expect([...byStatus.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(
      RUNS,
    );
    // The mix reaches every class of answer, so the property covered them all.
    for (const status of [202, 400, 413, 415])
      expect(byStatus.get(status) ?? 0).toBeGreaterThan(50);
    // No input is a bug: nothing was answered internal_error.
    expect(reports.filter((report) => report.code === 'internal_error')).toEqual([]);
  });
});
