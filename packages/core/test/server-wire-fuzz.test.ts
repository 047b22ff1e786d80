import { type PinbridgeReport, type PinterestEvent, validateEvents } from '@pinbridge/core';
import { createPinHandler } from '@pinbridge/core/server';
import { EVENT_NAMES, SEMANTIC_EVENT_NAMES } from '@pinbridge/core/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../../../test/helpers/schema.js';
import { BROWSER_UA, fakeClient } from './server-helpers.js';
import { wireBody } from './server-wire-fuzz-arbitraries.js';

const RUNS = 10_000;
const PLAIN_DIGITS = /^\d+(\.\d+)?$/;
const VOCABULARY = new Set<string>([...EVENT_NAMES, ...Object.keys(SEMANTIC_EVENT_NAMES)]);

/** Pinterest's schema where the file is present (see test/helpers/schema.ts), else core's validator. */
function schemaErrors(events: PinterestEvent[]): unknown[] {
  const body = { data: events };
  return schemaValidator ? schemaValidator(body).errors : validateEvents(body).errors;
}

/** Every key and string value of a body, and its event ids apart (reports carry those). */
function stringsOf(body: unknown): { values: string[]; ids: string[] } {
  const values: string[] = [];
  const ids: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (typeof value === 'string') (key === 'event_id' ? ids : values).push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === 'object' && value !== null) {
      for (const [name, child] of Object.entries(value)) {
        values.push(name);
        visit(child, name);
      }
    }
  };
  visit(body);
  return { values, ids };
}

/**
 * The first key or value of `body` that `told` (log lines, reports, the answer) repeats: none too
 * short or too plain to tell apart from the text around it (8 characters, 4 distinct), no fixed
 * name, and with the body's event ids, which reports carry, taken out of `told` first. Values
 * are looked for as written and as JSON escapes them.
 */
function leakedValue(body: unknown, told: string): string | undefined {
  const { values, ids } = stringsOf(body);
  let text = told.toLowerCase();
  for (const id of ids) text = text.split(id.toLowerCase()).join('\n');
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.length < 8 || new Set(trimmed.toLowerCase()).size < 4) continue;
    if (VOCABULARY.has(value) || /^[a-z_]+$/.test(value)) continue;
    const forms = [value, JSON.stringify(value).slice(1, -1)].map((form) => form.toLowerCase());
    if (forms.some((form) => text.includes(form))) return value;
  }
  return undefined;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Console output as lines, by replacing the methods: a spy would also keep every call of the
 * 10,000 runs. Returns the lines and the function that puts the console back.
 */
function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const originals = METHODS.map((method) => console[method]);
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      lines.push(
        args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
      );
    };
  }
  const restore = () => {
    METHODS.forEach((method, index) => {
      console[method] = originals[index];
    });
  };
  return { lines, restore };
}

describe('wire-shaped fuzz of /api/pin', () => {
  it(`takes ${RUNS} wire bodies with hostile values: no 5xx, only schema-valid events out, no value echoed`, {
    timeout: 60_000,
  }, async () => {
    const { lines, restore } = captureConsole();
    const client = fakeClient();
    const reports: PinbridgeReport[] = [];
    const deliveries: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void deliveries.push(promise);
    const handle = createPinHandler({
      client,
      rateLimit: false,
      debug: true,
      onReport: (report) => reports.push(report),
    });
    const byStatus = new Map<number, number>();
    let duplicatesSeen = 0;
    try {
      await fc.assert(
        fc.asyncProperty(wireBody, async (body) => {
          client.enqueued.length = 0;
          deliveries.length = 0;
          reports.length = 0;
          lines.length = 0;
          const request = new Request('https://shop.test/api/pin', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
            body: JSON.stringify(body),
          });
          const response = await handle(request, { waitUntil, ip: '203.0.113.9' });
          const text = await response.text();
          await Promise.all(deliveries);
          const { status } = response;
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          expect(status === 202 || (status >= 400 && status < 500), text).toBe(true);
          const answer = JSON.parse(text);
          const sent = client.enqueued;
          if (status === 202) {
            const ids = sent.map((event) => event.event_id);
            expect(answer.event_ids).toEqual(ids);
            expect(new Set(ids).size).toBe(ids.length);
            for (const rejected of answer.rejected ?? [])
              expect(ids).not.toContain(rejected.event_id);
            duplicatesSeen += answer.duplicates?.length ?? 0;
            expect(schemaErrors(sent)).toEqual([]);
            for (const event of sent) {
              const { value, predicted_ltv, contents = [] } = event.custom_data ?? {};
              for (const amount of [value, predicted_ltv, ...contents.map((c) => c.item_price)]) {
                if (amount != null) expect(amount).toMatch(PLAIN_DIGITS);
              }
            }
          } else {
            // Nothing refused reaches the client.
            expect(sent).toEqual([]);
          }
          const told = [...lines, ...reports.map((report) => JSON.stringify(report)), text];
          expect(leakedValue(body, told.join('\n'))).toBeUndefined();
        }),
        { numRuns: RUNS },
      );
    } finally {
      restore();
    }
    const counts = [...byStatus].map(([status, count]) => `${status}: ${count}`).join(', ');
    console.info(`wire fuzz: ${RUNS} bodies -> ${counts}; ${duplicatesSeen} duplicate copies`);
    // Most bodies get past the wire check and are built; the rest are refused with a reason.
    expect(byStatus.get(202) ?? 0).toBeGreaterThan(RUNS / 3);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(RUNS / 20);
    expect(duplicatesSeen).toBeGreaterThan(100);
  });
});
