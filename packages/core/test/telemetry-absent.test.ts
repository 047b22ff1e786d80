import { describe, expect, it, vi } from 'vitest';
import { createPinterestClient } from '../src/client/create-client.js';
import { createReporter } from '../src/reporter.js';
import { createPinHandler } from '../src/server/handler.js';
import { loadOpenTelemetry, openTelemetry } from '../src/telemetry/api.js';
import { postPin, wireEvent } from './server-helpers.js';

// An app without @opentelemetry/api: importing it fails the way Node fails on a missing package.
const attempts = vi.hoisted(() => ({ count: 0 }));
vi.mock('@opentelemetry/api', () => {
  attempts.count += 1;
  throw Object.assign(new Error("Cannot find package '@opentelemetry/api'"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
});

describe('OpenTelemetry: without @opentelemetry/api installed', () => {
  it('loads nothing, throws nothing, and the handler and the client work as ever', async () => {
    await expect(loadOpenTelemetry()).resolves.toBeUndefined();
    expect(attempts.count).toBe(1);
    expect(openTelemetry()).toBeUndefined();
    expect(createReporter({ debug: false }).routine).toBe(false);

    const posted: string[] = [];
    const pinterest = createPinterestClient({
      accessToken: 'pina_TOKEN',
      adAccountId: '1',
      flushIntervalMs: 1,
      debug: false,
      fetch: async (_url, init) => {
        const { data } = JSON.parse(String(init?.body));
        posted.push(...data.map((event: { event_id: string }) => event.event_id));
        return Response.json({
          events: data.map(() => ({ status: 'processed', error_message: '', warning_message: '' })),
        });
      },
    });
    const handler = createPinHandler({ client: pinterest, rateLimit: false, debug: false });
    const response = await handler(postPin({ events: [wireEvent({ event_id: 'absent_1' })] }));
    expect(response.status).toBe(202);
    expect(await pinterest.flush({ timeoutMs: 2000 })).toMatchObject({ processed: 1 });
    await pinterest.send({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Math.floor(Date.now() / 1000),
      event_id: 'absent_2',
      user_data: { em: ['a'.repeat(64)] },
    });
    await pinterest.close();
    expect(posted).toEqual(['absent_1', 'absent_2']);
    // Tried once per process, not once per component.
    expect(attempts.count).toBe(1);
  });
});
