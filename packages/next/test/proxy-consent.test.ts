import { NextRequest, NextResponse } from 'next/server.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyPinterestCookies, pinterestProxy } from '../src/proxy.js';

const page = (cookie?: string) =>
  new NextRequest('http://shop.test/products/1', {
    headers: { 'sec-fetch-dest': 'document', ...(cookie ? { cookie } : {}) },
  });

// withPinterest(config, { consent, requireConsent }) publishes the rule beside the tag's props;
// the browser's <PinterestTag> reads the same variable, so both sides decide alike.
const publish = (rule: object) =>
  vi.stubEnv(
    'NEXT_PUBLIC_PINBRIDGE',
    JSON.stringify({ src: '/_pb/t.js', endpoint: '/api/pin', ...rule }),
  );

describe('the proxy’s default consent', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('follows the rule withPinterest published', () => {
    publish({ consent: { cookie: 'cmp', granted: ['all'] } });
    const proxy = pinterestProxy();
    expect(proxy(page()).headers.getSetCookie()).toEqual([]);
    expect(proxy(page('_pb_consent=granted')).headers.getSetCookie()).toEqual([]);
    expect(proxy(page('cmp=all')).headers.getSetCookie()).toHaveLength(2);
    expect(applyPinterestCookies(page(), NextResponse.next())).toBeUndefined();
    expect(applyPinterestCookies(page('cmp=all'), NextResponse.next())).toBeDefined();
  });

  it('gives way to the proxy’s own options', () => {
    publish({ requireConsent: true });
    expect(pinterestProxy()(page()).headers.getSetCookie()).toEqual([]);
    expect(pinterestProxy({ requireConsent: false })(page()).headers.getSetCookie()).toHaveLength(
      2,
    );
  });

  it('keeps its own default when withPinterest published no rule', () => {
    publish({});
    expect(pinterestProxy()(page()).headers.getSetCookie()).toHaveLength(2);
  });
});
