import { PinbridgeError } from '@pinbridge/core';
import { flushPinterest, getPinterestClient, setPinterestClient } from '@pinbridge/core/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeClient } from './server-helpers.js';

describe('the process-wide client', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    setPinterestClient(undefined);
  });

  it('is created once from PINTEREST_* and flushes on SIGTERM and SIGINT, installed once', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_test-token');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
    vi.stubEnv('PINTEREST_API_URL', 'http://127.0.0.1:9/v5');
    const before = { term: process.listeners('SIGTERM'), int: process.listeners('SIGINT') };
    const client = getPinterestClient();
    expect(getPinterestClient()).toBe(client);
    const added = process
      .listeners('SIGTERM')
      .filter((listener) => !before.term.includes(listener));
    const addedInt = process
      .listeners('SIGINT')
      .filter((listener) => !before.int.includes(listener));
    expect(added).toHaveLength(1);
    expect(addedInt).toHaveLength(1);
    for (const listener of added) process.removeListener('SIGTERM', listener);
    for (const listener of addedInt) process.removeListener('SIGINT', listener);
    await client.close({ timeoutMs: 100 });
  });

  it('names a missing variable with a PinbridgeError, never its value', () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
    expect(() => getPinterestClient()).toThrow(PinbridgeError);
    expect(() => getPinterestClient()).toThrow(
      expect.objectContaining({ code: 'missing_config', path: 'PINTEREST_ACCESS_TOKEN' }),
    );
  });

  it('refuses a PINBRIDGE_REDIS_FALLBACK other than memory, naming the variable', () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_test-token');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
    vi.stubEnv('PINBRIDGE_REDIS_URL', 'redis://127.0.0.1:9');
    vi.stubEnv('PINBRIDGE_REDIS_FALLBACK', 'disk');
    expect(() => getPinterestClient()).toThrow(
      expect.objectContaining({ code: 'invalid_config', path: 'PINBRIDGE_REDIS_FALLBACK' }),
    );
  });

  it('can be set, and flushPinterest flushes it within a deadline', async () => {
    const client = fakeClient();
    const flushed = { processed: 7, failed: 1, pending: 2 };
    client.flush = async (options) => {
      client.flushes.push(options);
      return flushed;
    };
    setPinterestClient(client);
    expect(getPinterestClient()).toBe(client);
    expect(await flushPinterest()).toEqual(flushed);
    await flushPinterest({ timeoutMs: 1200 });
    expect(client.flushes).toEqual([{ timeoutMs: 5000 }, { timeoutMs: 1200 }]);
  });

  it('has nothing to flush before anything used it', async () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
    expect(await flushPinterest()).toEqual({ processed: 0, failed: 0, pending: 0 });
  });
});
