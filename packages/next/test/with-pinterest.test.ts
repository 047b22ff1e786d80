import type { NextConfig } from 'next';
import {
  getRewrittenUrl,
  unstable_getResponseFromNextConfig,
} from 'next/experimental/testing/server.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { withPinterest as WithPinterest } from '../src/config.js';

const PINTEREST = 'https://s.pinimg.com/ct/core.js';
const rule = (source = '/_pb/t.js', destination = PINTEREST) => ({
  source,
  destination,
  basePath: false,
});

// A fresh module per test: the missing-env warning is printed once per process.
let withPinterest: typeof WithPinterest;
beforeEach(async () => {
  vi.resetModules();
  vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_SRC', '');
  ({ withPinterest } = await import('../src/config.js'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const rewritesOf = (config: NextConfig) => config.rewrites?.();
const publishedBy = (config: NextConfig) => JSON.parse(config.env?.NEXT_PUBLIC_PINBRIDGE ?? '');

describe('withPinterest', () => {
  it('keeps an object an object, adds the script rewrite and public paths, never webpack', async () => {
    const config = withPinterest({ reactStrictMode: true, env: { SITE: 'shop' } });
    expect(config.reactStrictMode).toBe(true);
    expect(config).not.toHaveProperty('webpack');
    expect(config.env).toEqual({
      SITE: 'shop',
      NEXT_PUBLIC_PINBRIDGE: JSON.stringify({ src: '/_pb/t.js', endpoint: '/api/pin' }),
    });
    expect(await rewritesOf(config)).toEqual({
      beforeFiles: [rule()],
      afterFiles: [],
      fallback: [],
    });
  });

  it('keeps a function a function, with the phase passed through', () => {
    const user = vi.fn((phase: string) => ({
      distDir: phase === 'phase-development-server' ? '.dev' : '.next',
    }));
    const wrapped = withPinterest(user);
    const config = wrapped('phase-development-server', { defaultConfig: {} });
    expect(config).not.toBeInstanceOf(Promise);
    expect(config).toMatchObject({ distDir: '.dev' });
    expect(publishedBy(config)).toMatchObject({ src: '/_pb/t.js' });
    expect(user).toHaveBeenCalledWith('phase-development-server', { defaultConfig: {} });
  });

  it('keeps an async function async, awaiting it', async () => {
    const wrapped = withPinterest(async () => ({ basePath: '/shop' }));
    const pending = wrapped('phase-production-server', { defaultConfig: {} });
    expect(pending).toBeInstanceOf(Promise);
    const config = await pending;
    expect(publishedBy(config)).toMatchObject({ src: '/shop/_pb/t.js' });
    expect(config).not.toHaveProperty('webpack');
  });

  it('merges into every form of rewrites, first in beforeFiles', async () => {
    const mine = { source: '/old', destination: '/new' };
    const fromArray = withPinterest({ rewrites: async () => [mine] });
    expect(await rewritesOf(fromArray)).toEqual({
      beforeFiles: [rule()],
      afterFiles: [mine],
      fallback: [],
    });
    const fromObject = withPinterest({
      rewrites: async () => ({ beforeFiles: [mine], afterFiles: [mine], fallback: [mine] }),
    });
    expect(await rewritesOf(fromObject)).toEqual({
      beforeFiles: [rule(), mine],
      afterFiles: [mine],
      fallback: [mine],
    });
  });

  it('respects basePath and the path and source options', async () => {
    const config = withPinterest(
      { basePath: '/shop' },
      {
        tagPath: '/assets/p.js',
        tagSrc: 'http://127.0.0.1:4319/ct/core.js',
        endpoint: '/api/track',
      },
    );
    expect(await rewritesOf(config)).toMatchObject({
      beforeFiles: [rule('/shop/assets/p.js', 'http://127.0.0.1:4319/ct/core.js')],
    });
    expect(publishedBy(config)).toEqual({ src: '/shop/assets/p.js', endpoint: '/shop/api/track' });
    expect(() => withPinterest({}, { tagPath: 'p.js' })).toThrow(/tagPath: must start with "\/"/);
    // vi.resetModules gives each test its own core, so the class is checked by name.
    expect(() => withPinterest({}, { endpoint: 'api' })).toThrow(
      expect.objectContaining({ name: 'PinbridgeError', code: 'invalid_config', path: 'endpoint' }),
    );
  });

  it('publishes exactly one public variable, with consent keys only when configured', () => {
    const unconfigured = withPinterest({});
    expect(Object.keys(unconfigured.env ?? {})).toEqual(['NEXT_PUBLIC_PINBRIDGE']);
    expect(publishedBy(unconfigured)).toEqual({ src: '/_pb/t.js', endpoint: '/api/pin' });
    const configured = withPinterest({}, { consent: { cookie: 'cmp' }, requireConsent: false });
    expect(Object.keys(configured.env ?? {})).toEqual(['NEXT_PUBLIC_PINBRIDGE']);
  });

  it('publishes the consent rule for the tag, the proxy and the handler', () => {
    const consent = { cookie: 'cmp', granted: ['all', 'marketing'], denied: ['none'] };
    const config = withPinterest({}, { consent, requireConsent: true });
    expect(publishedBy(config)).toEqual({
      src: '/_pb/t.js',
      endpoint: '/api/pin',
      consent,
      requireConsent: true,
    });
    // requireConsent alone keeps the default cookie.
    expect(withPinterest({}, { requireConsent: true }).env?.NEXT_PUBLIC_PINBRIDGE).toBe(
      '{"src":"/_pb/t.js","endpoint":"/api/pin","requireConsent":true}',
    );
    // Nothing configured, nothing published: every side keeps its default.
    const unconfigured = publishedBy(withPinterest({}));
    expect(unconfigured).not.toHaveProperty('consent');
    expect(unconfigured).not.toHaveProperty('requireConsent');
  });

  it("keeps the user's own NEXT_PUBLIC_PINBRIDGE", () => {
    const own = JSON.stringify({ src: '/mine.js', endpoint: '/api/mine' });
    const config = withPinterest({ env: { NEXT_PUBLIC_PINBRIDGE: own } }, { requireConsent: true });
    expect(config.env).toEqual({ NEXT_PUBLIC_PINBRIDGE: own });
  });

  it('refuses a consent rule the browser and the server could not apply', () => {
    const invalid = (options: Parameters<typeof withPinterest>[1], path: string) => {
      try {
        withPinterest({}, options);
      } catch (error) {
        expect(error).toMatchObject({ name: 'PinbridgeError', code: 'invalid_config', path });
        return;
      }
      expect.fail(`accepted an invalid ${path}`);
    };
    invalid({ consent: { cookie: 'my cookie' } }, 'consent.cookie');
    invalid({ consent: { granted: [] } }, 'consent.granted');
    invalid({ consent: { denied: ['no', 1] as unknown as string[] } }, 'consent.denied');
    invalid({ consent: 'cmp' as never }, 'consent');
    invalid({ requireConsent: 'yes' as never }, 'requireConsent');
  });

  it("serves the script through Next's own routing, basePath included", async () => {
    vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_SRC', 'https://tag.example/ct/core.js');
    const nextConfig = withPinterest({ basePath: '/shop' });
    const response = await unstable_getResponseFromNextConfig({
      url: 'https://site.test/shop/_pb/t.js',
      nextConfig,
    });
    expect(getRewrittenUrl(response)).toBe('https://tag.example/ct/core.js');
  });

  it('never puts the access token or the ad account id in env', () => {
    vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_SECRET_TOKEN');
    vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '549755885175');
    const serialized = JSON.stringify(withPinterest({}).env);
    expect(serialized).not.toContain('pina_SECRET_TOKEN');
    expect(serialized).not.toContain('549755885175');
    expect(serialized).not.toMatch(/ACCESS_TOKEN|AD_ACCOUNT/);
  });

  describe('missing environment', () => {
    it('warns once in a production build, naming only the missing variables', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      vi.stubEnv('PINTEREST_ACCESS_TOKEN', 'pina_SECRET_TOKEN');
      vi.stubEnv('PINTEREST_AD_ACCOUNT_ID', '');
      vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_ID', '');
      const wrapped = withPinterest(() => ({}));
      wrapped('phase-production-build', { defaultConfig: {} });
      wrapped('phase-production-build', { defaultConfig: {} });
      expect(warn).toHaveBeenCalledTimes(1);
      const [message] = warn.mock.calls[0];
      expect(message).toContain('PINTEREST_AD_ACCOUNT_ID, NEXT_PUBLIC_PINTEREST_TAG_ID');
      expect(message).not.toContain('PINTEREST_ACCESS_TOKEN');
      expect(message).not.toContain('pina_SECRET_TOKEN');
    });

    it('warns for an object config when NODE_ENV is production, and stays quiet in development', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      vi.stubEnv('PINTEREST_ACCESS_TOKEN', '');
      withPinterest(() => ({}))('phase-development-server', { defaultConfig: {} });
      withPinterest({});
      expect(warn).not.toHaveBeenCalled();
      vi.stubEnv('NODE_ENV', 'production');
      withPinterest({});
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('PINTEREST_ACCESS_TOKEN'));
    });
  });

  it('leaves a static export alone, with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = withPinterest({ output: 'export' });
    expect(config).toEqual({ output: 'export' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('output: "export"'));
  });
});
