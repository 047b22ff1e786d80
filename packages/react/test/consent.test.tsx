// @vitest-environment happy-dom
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PinterestTagProps } from '../src/index.js';
import {
  browserReport,
  commands,
  freshPackage,
  nextTick,
  pintrkCalls,
  postedEvents,
  resetBrowser,
  setCookie,
  stubFetch,
  tagScripts,
} from './helpers.js';

let fetch: ReturnType<typeof stubFetch>;
let pkg: Awaited<ReturnType<typeof freshPackage>>;

beforeEach(async () => {
  resetBrowser();
  fetch = stubFetch();
  pkg = await freshPackage();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderTag(props: Partial<PinterestTagProps> = {}) {
  const { PinterestTag } = pkg;
  render(
    <StrictMode>
      <PinterestTag tagId="1" page="/" {...props} />
    </StrictMode>,
  );
  return renderHook(() => pkg.usePinterestTrack()).result.current;
}

describe('consent', () => {
  it('sends nothing from either side while required consent is pending', async () => {
    const onError = vi.fn();
    const track = renderTag({ requireConsent: true, onError });
    const id = track('add_to_cart', { value: 1, currency: 'USD' });
    await nextTick();
    expect(window.pintrk).toBeUndefined();
    expect(tagScripts()).toHaveLength(0);
    expect(fetch).not.toHaveBeenCalled();
    // Dropped and reported, never queued for later.
    expect(onError).toHaveBeenCalledWith(browserReport('skipped', [id], { reason: 'consent' }));
  });

  it('treats a denied cookie like pending consent', async () => {
    setCookie('_pb_consent=denied; path=/');
    const track = renderTag({ requireConsent: true, onError: vi.fn() });
    track('lead');
    await nextTick();
    expect(window.pintrk).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('loads the tag and sends the current page view once consent is granted', async () => {
    const onError = vi.fn();
    const track = renderTag({ requireConsent: true, onError });
    track('lead');
    await nextTick();
    act(() => pkg.setPinterestConsent(true));
    expect(document.cookie).toContain('_pb_consent=granted');
    expect(tagScripts()).toHaveLength(1);
    expect(pintrkCalls().map(([command]) => command)).toEqual([
      'load',
      'setconsent',
      'page',
      'track',
    ]);
    expect(commands('setconsent')).toEqual([['setconsent', true]]);
    await nextTick();
    const [[pageVisit]] = postedEvents(fetch);
    expect(commands('track')[0]).toEqual(['track', 'pagevisit', { event_id: pageVisit.event_id }]);
    expect(pageVisit.name).toBe('page_visit');
    // The lead tracked before consent stays dropped.
    expect(fetch).toHaveBeenCalledTimes(1);
    const id = track('lead');
    await nextTick();
    expect(postedEvents(fetch)[1][0].event_id).toBe(id);
    expect(commands('track')[1]).toEqual(['track', 'lead', { event_id: id }]);
  });

  it('starts at once when the cookie already grants consent', async () => {
    setCookie('_pb_consent=granted; path=/');
    renderTag({ requireConsent: true });
    await nextTick();
    expect(commands('load')).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('stops both sides when consent is withdrawn', async () => {
    const onError = vi.fn();
    const track = renderTag({ onError });
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(1);
    pkg.setPinterestConsent(false);
    expect(document.cookie).toContain('_pb_consent=denied');
    expect(commands('setconsent')).toEqual([['setconsent', false]]);
    const id = track('checkout', { value: 5, currency: 'USD' });
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(commands('track').map(([, name]) => name)).toEqual(['pagevisit']);
    expect(onError).toHaveBeenCalledWith(browserReport('skipped', [id], { reason: 'consent' }));
  });

  it('writes the consent cookie for a year, Secure on https', () => {
    const cookie = vi.spyOn(document, 'cookie', 'set');
    pkg.setPinterestConsent(true);
    expect(cookie).toHaveBeenCalledWith(
      '_pb_consent=granted; path=/; max-age=31536000; SameSite=Lax',
    );
    cookie.mockClear();
    vi.stubGlobal('location', { protocol: 'https:' });
    pkg.setPinterestConsent(false);
    expect(cookie).toHaveBeenCalledWith(
      '_pb_consent=denied; path=/; max-age=31536000; SameSite=Lax; Secure',
    );
    cookie.mockRestore();
  });
});

describe('a revocation (issue 9, finding 7)', () => {
  // As the proxy sets them: path /, readable by the page (not HttpOnly).
  const setIds = () => {
    for (const cookie of ['_pb_bid=bid-1', '_epik=click-1', '_pb_pv=pv-1']) {
      setCookie(`${cookie}; path=/`);
    }
  };
  const idCookies = () => document.cookie.match(/(_pb_bid|_epik|_pb_pv)=/g) ?? [];

  it('setPinterestConsent(false) deletes the ids and tells the tag', async () => {
    renderTag();
    await nextTick();
    setIds();
    pkg.setPinterestConsent(false);
    expect(idCookies()).toEqual([]);
    expect(document.cookie).toContain('_pb_consent=denied');
    expect(commands('setconsent')).toEqual([['setconsent', false]]);
  });

  it('deletes the ids when the tag starts with a denied cookie', () => {
    setIds();
    setCookie('_pb_consent=denied; path=/');
    renderTag();
    expect(idCookies()).toEqual([]);
    expect(window.pintrk).toBeUndefined();
  });

  it('deletes the ids and tells the tag when a send finds the cookie now denied', async () => {
    const cmp = { cookie: 'cmp', granted: ['all'], denied: ['none'] };
    setCookie('cmp=all; path=/');
    const onError = vi.fn();
    const track = renderTag({ consent: cmp, onError });
    await nextTick();
    expect(commands('load')).toHaveLength(1);
    // The CMP wrote its own cookie; pinbridge was not called.
    setIds();
    setCookie('cmp=none; path=/');
    const id = track('lead');
    await nextTick();
    expect(idCookies()).toEqual([]);
    expect(commands('setconsent').at(-1)).toEqual(['setconsent', false]);
    expect(onError).toHaveBeenCalledWith(browserReport('skipped', [id], { reason: 'consent' }));
  });

  it('keeps the ids while consent is only pending', async () => {
    setIds();
    renderTag({ requireConsent: true, onError: vi.fn() });
    await nextTick();
    expect(idCookies()).toHaveLength(3);
  });
});

describe("a consent cookie of your own (the server's rule)", () => {
  const cmp = { cookie: 'cmp', granted: ['all', 'marketing'], denied: ['none'] };

  it('waits for a granted value of that cookie, then tag and hook send', async () => {
    const onError = vi.fn();
    // `_pb_consent` no longer counts: only the configured cookie does.
    setCookie('_pb_consent=granted; path=/');
    const track = renderTag({ consent: cmp, onError });
    const before = track('lead');
    await nextTick();
    // Naming a cookie requires consent, as the server reads the same rule.
    expect(window.pintrk).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(browserReport('skipped', [before], { reason: 'consent' }));
    setCookie('cmp=marketing; path=/');
    const after = track('lead');
    await nextTick();
    // The hook follows the cookie at once (the tag itself loads on setPinterestConsent(true)).
    expect(postedEvents(fetch)).toEqual([[expect.objectContaining({ event_id: after })]]);
  });

  it('treats a denied value as a refusal, and other values as no decision', async () => {
    const track = renderTag({ consent: cmp, requireConsent: false, onError: vi.fn() });
    await nextTick();
    // Not required: a value that is neither granted nor denied does not stop anything.
    setCookie('cmp=undecided; path=/');
    track('lead');
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(2);
    setCookie('cmp=none; path=/');
    track('lead');
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('reads the cookie URI-decoded, as the server does', async () => {
    setCookie('cmp=%7B%22ads%22%3Atrue%7D; path=/');
    renderTag({ consent: { cookie: 'cmp', granted: ['{"ads":true}'] } });
    await nextTick();
    expect(commands('load')).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('setPinterestConsent writes the first granted or denied value to that cookie', async () => {
    const track = renderTag({ consent: cmp, onError: vi.fn() });
    await nextTick();
    expect(tagScripts()).toHaveLength(0);
    act(() => pkg.setPinterestConsent(true));
    expect(document.cookie).toContain('cmp=all');
    expect(document.cookie).not.toContain('_pb_consent');
    expect(commands('setconsent')).toEqual([['setconsent', true]]);
    await nextTick();
    // The page view went out once consent was granted.
    expect(postedEvents(fetch)[0][0].name).toBe('page_visit');
    pkg.setPinterestConsent(false);
    expect(document.cookie).toContain('cmp=none');
    track('lead');
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
