import { type PinbridgeReport, validateEvents } from '@pinbridge/core';
import { createPinHandler, type PinHandlerOptions } from '@pinbridge/core/server';
import { describe, expect, it, vi } from 'vitest';
import { schemaValidator } from '../../../test/helpers/schema.js';
import { fakeClient, fakeWaitUntil, postPin, sha256, wireEvent } from './server-helpers.js';

async function run(
  options: PinHandlerOptions,
  headers: Record<string, string> = {},
  events = [wireEvent()],
) {
  const client = fakeClient();
  const { waitUntil, settled } = fakeWaitUntil();
  const reports: PinbridgeReport[] = [];
  const handle = createPinHandler({
    client,
    onReport: (report) => reports.push(report),
    ...options,
  });
  const response = await handle(postPin({ events }, headers), { waitUntil });
  await settled();
  return {
    status: response.status,
    body: await response.json(),
    setCookies: response.headers.getSetCookie(),
    sent: client.enqueued,
    reports,
  };
}

describe('consent on the server', () => {
  const cmp = { consent: { cookie: 'cmp_marketing', granted: ['yes', 'all'] } };

  it.each([
    ['a granted value', 'cmp_marketing=all', 1],
    ['another granted value', 'cmp_marketing=yes', 1],
    ['no cookie (a configured cookie means consent is required)', '', 0],
    ['a value that is not listed', 'cmp_marketing=necessary', 0],
    ['the default cookie, which the configured one replaces', '_pb_consent=granted', 0],
  ])('with a configured cookie, sends for %s', async (_, cookie, sent) => {
    const result = await run(cmp, cookie ? { cookie } : {});
    expect(result.status).toBe(202);
    expect(result.sent).toHaveLength(sent);
    if (!sent) expect(result.body).toEqual({ accepted: 0, event_ids: [], skipped: 'consent' });
  });

  it('lets requireConsent: false keep sending until an explicit denial', async () => {
    const options = { consent: { cookie: 'cmp', denied: ['no'] }, requireConsent: false };
    expect((await run(options)).sent).toHaveLength(1);
    expect((await run(options, { cookie: 'cmp=no' })).sent).toHaveLength(0);
  });

  it('ignores what the browser claims in the body', async () => {
    const event = wireEvent({ props: { consent: 'granted', value: 1, currency: 'USD' } });
    const result = await run({ requireConsent: true }, {}, [event]);
    expect(result.sent).toHaveLength(0);
  });

  it('asks a consent function with the real request, and it decides alone', async () => {
    const consent = vi.fn(async (request: Request) => request.headers.get('x-consent') === 'ok');
    const granted = await run(
      { consent, requireConsent: true },
      { 'x-consent': 'ok', cookie: '_pb_consent=denied' },
    );
    expect(granted.sent).toHaveLength(1);
    const request = consent.mock.calls[0][0];
    expect(new URL(request.url).pathname).toBe('/api/pin');
    expect((await run({ consent }, { cookie: '_pb_consent=granted' })).sent).toHaveLength(0);
  });

  it('fails closed and reports when the consent function throws', async () => {
    const consent = () => {
      throw new Error('CMP down');
    };
    const result = await run({ consent });
    expect(result.status).toBe(202);
    expect(result.body.skipped).toBe('consent');
    expect(result.sent).toEqual([]);
    expect(result.reports.filter((report) => report.stage !== 'received')).toEqual([
      expect.objectContaining({
        stage: 'error',
        code: 'callback_failed',
        message: 'consent threw Error; not sent',
        count: 1,
        event_ids: ['evt_add_to_cart_1'],
      }),
      expect.objectContaining({ stage: 'skipped', reason: 'consent', count: 1 }),
    ]);
    expect(JSON.stringify(result.reports)).not.toContain('CMP down');
  });
});

describe('Limited Data Processing', () => {
  const ldp = { states: ['CA', 'CO', 'CT', 'OR', 'TX'] };
  const vercel = (country: string, region: string) => ({
    'x-vercel-ip-country': country,
    'x-vercel-ip-country-region': region,
  });

  it('flags events of a visitor in a listed state, with hashed st and country', async () => {
    const { sent } = await run({ ldp }, vercel('US', 'CA'));
    expect(sent).toHaveLength(1);
    expect(sent[0].custom_data?.opt_out_type).toBe('LDP');
    expect(sent[0].custom_data?.value).toBe('42');
    expect(sent[0].user_data.st).toEqual([await sha256('ca')]);
    expect(sent[0].user_data.country).toEqual([await sha256('us')]);
  });

  it('applies to every event of the batch, and wins over the signed-in user', async () => {
    const events = [
      wireEvent(),
      wireEvent({ name: 'page_visit', event_id: 'evt_page_visit1', props: undefined }),
    ];
    const getUser = () => ({ email: 'ada@example.com', state: 'NY', country: 'US' });
    const { sent } = await run(
      { ldp, getUser },
      { 'cf-ipcountry': 'US', 'cf-region-code': 'TX' },
      events,
    );
    expect(sent.map((event) => event.custom_data?.opt_out_type)).toEqual(['LDP', 'LDP']);
    for (const event of sent) expect(event.user_data.st).toEqual([await sha256('tx')]);
  });

  it.each([
    ['an unlisted state', vercel('US', 'NY')],
    ['a listed code in another country (CA is not Canada)', vercel('CA', 'CA')],
    ['no region', { 'x-vercel-ip-country': 'US' }],
    ['no geo headers at all', {}],
  ])('leaves events alone for %s', async (_, headers) => {
    const { sent } = await run({ ldp }, headers);
    expect(sent).toHaveLength(1);
    expect(sent[0].custom_data?.opt_out_type).toBeUndefined();
    expect(sent[0].user_data.st).toBeUndefined();
  });

  it('reads CloudFront headers and accepts US-CA style codes', async () => {
    const headers = { 'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'co' };
    const { sent } = await run({ ldp: { states: ['US-CO'] } }, headers);
    expect(sent[0].custom_data?.opt_out_type).toBe('LDP');
  });

  it('asks getRegion with the real request instead of headers', async () => {
    const getRegion = vi.fn((request: Request) =>
      new URL(request.url).hostname === 'shop.test' ? { country: 'US', region: 'OR' } : undefined,
    );
    const { sent } = await run({ ldp: { ...ldp, getRegion } }, vercel('US', 'NY'));
    expect(getRegion).toHaveBeenCalledTimes(1);
    expect(sent[0].custom_data?.opt_out_type).toBe('LDP');
    expect(sent[0].user_data.st).toEqual([await sha256('or')]);
  });

  it('sends nothing and reports when getRegion throws (LDP cannot be ruled out)', async () => {
    const getRegion = () => Promise.reject(new TypeError('geo down'));
    const result = await run({ ldp: { ...ldp, getRegion } });
    expect(result.sent).toEqual([]);
    expect(result.body).toEqual({ accepted: 0, event_ids: [], skipped: 'ldp' });
    expect(result.reports.filter((report) => report.stage !== 'received')).toEqual([
      expect.objectContaining({ stage: 'error', code: 'callback_failed', count: 1 }),
      expect.objectContaining({ stage: 'skipped', reason: 'ldp', count: 1 }),
    ]);
  });

  it('marks the built report of an LDP batch', async () => {
    const { reports } = await run({ ldp }, vercel('US', 'CA'));
    expect(reports).toContainEqual(
      expect.objectContaining({ stage: 'built', message: 'built (LDP)' }),
    );
  });
});

describe('a visitor who refused consent', () => {
  const ids = '_pb_bid=browser-0001; _epik=CLICK-1; _pb_pv=view-1; theme=dark';

  it('is answered with deletions of the ids the request still carries, reported without values', async () => {
    const result = await run(
      {},
      { cookie: `_pb_consent=denied; ${ids}`, 'x-forwarded-proto': 'https' },
    );
    expect(result.status).toBe(202);
    expect(result.body).toEqual({ accepted: 0, event_ids: [], skipped: 'consent' });
    expect(result.sent).toEqual([]);
    expect(result.setCookies).toEqual([
      '_epik=; Path=/; Max-Age=0; SameSite=Lax; Secure',
      '_pb_bid=; Path=/; Max-Age=0; SameSite=Lax; Secure',
      '_pb_pv=; Path=/; Max-Age=0; SameSite=Lax; Secure',
    ]);
    expect(result.reports.filter((report) => report.stage !== 'received')).toEqual([
      expect.objectContaining({
        stage: 'skipped',
        reason: 'consent',
        message: 'consent refused; visitor ids deleted (_epik, _pb_bid, _pb_pv); not sent',
        event_ids: ['evt_add_to_cart_1'],
      }),
    ]);
    const reported = JSON.stringify(result.reports);
    for (const value of ['browser-0001', 'CLICK-1', 'view-1'])
      expect(reported).not.toContain(value);
  });

  it('is forgotten when your consent function says no, or a denied value of your CMP', async () => {
    const fn = await run({ consent: async () => false }, { cookie: '_pb_bid=browser-0001' });
    expect(fn.setCookies).toEqual(['_pb_bid=; Path=/; Max-Age=0; SameSite=Lax; Secure']);
    const cmp = { consent: { cookie: 'cmp', granted: ['all'], denied: ['none'] } };
    const denied = await run(cmp, { cookie: `cmp=none; ${ids}` });
    expect(denied.setCookies).toHaveLength(3);
  });

  it.each<[string, PinHandlerOptions, string]>([
    ['consent is pending (required, no cookie yet)', { requireConsent: true }, ids],
    [
      'the value is neither granted nor denied',
      { consent: { cookie: 'cmp', granted: ['all'] } },
      `cmp=necessary; ${ids}`,
    ],
    [
      'the consent function threw (the choice is unknown)',
      {
        consent: () => {
          throw new Error('CMP down');
        },
      },
      ids,
    ],
  ])('keeps the ids when %s', async (_, options, cookie) => {
    const result = await run(options, { cookie });
    expect(result.body.skipped).toBe('consent');
    expect(result.setCookies).toEqual([]);
  });
});

describe('Global Privacy Control', () => {
  const gpc = { 'sec-gpc': '1' };

  async function expectLdp(sent: Awaited<ReturnType<typeof run>>['sent']) {
    expect(sent).toHaveLength(1);
    expect(sent[0].custom_data?.opt_out_type).toBe('LDP');
    expect(validateEvents({ data: sent })).toEqual({ valid: true, errors: [] });
    if (schemaValidator) expect(schemaValidator({ data: sent }).errors).toEqual([]);
  }

  it('flags the events for Limited Data Processing by default, with the state when it is known', async () => {
    const located = await run(
      {},
      { ...gpc, 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'NY' },
    );
    await expectLdp(located.sent);
    expect(located.sent[0].custom_data?.value).toBe('42');
    expect(located.sent[0].user_data.st).toEqual([await sha256('ny')]);
    expect(located.sent[0].user_data.country).toEqual([await sha256('us')]);
    expect(located.reports).toContainEqual(
      expect.objectContaining({ stage: 'built', message: 'built (LDP)' }),
    );
    const unknown = await run({ gpc: 'ldp' }, gpc);
    await expectLdp(unknown.sent);
    expect(unknown.sent[0].user_data.st).toBeUndefined();
    expect(unknown.sent[0].user_data.country).toBeUndefined();
  });

  it('asks ldp.getRegion for the state, as LDP does', async () => {
    const getRegion = vi.fn(() => ({ country: 'US', region: 'WA' }));
    const { sent } = await run({ ldp: { states: ['CA'], getRegion } }, gpc);
    await expectLdp(sent);
    expect(sent[0].user_data.st).toEqual([await sha256('wa')]);
  });

  it('sends nothing with gpc: drop, answering 202 and reporting why', async () => {
    const result = await run({ gpc: 'drop' }, gpc);
    expect(result.status).toBe(202);
    expect(result.body).toEqual({ accepted: 0, event_ids: [], skipped: 'gpc' });
    expect(result.sent).toEqual([]);
    expect(result.reports.filter((report) => report.stage !== 'received')).toEqual([
      expect.objectContaining({ stage: 'skipped', reason: 'gpc', count: 1 }),
    ]);
  });

  it.each<[string, PinHandlerOptions, Record<string, string>]>([
    ['gpc: ignore', { gpc: 'ignore' }, gpc],
    ['Sec-GPC: 0', { gpc: 'drop' }, { 'sec-gpc': '0' }],
    ['no Sec-GPC', { gpc: 'drop' }, {}],
  ])('leaves the events alone with %s', async (_, options, headers) => {
    const { sent } = await run(options, headers);
    expect(sent).toHaveLength(1);
    expect(sent[0].custom_data?.opt_out_type).toBeUndefined();
  });

  it('refuses an unknown gpc option when the handler is created', () => {
    expect(() => createPinHandler({ gpc: 'yes' as 'ldp' })).toThrow(
      expect.objectContaining({ name: 'PinbridgeError', code: 'invalid_config', path: 'gpc' }),
    );
  });
});
