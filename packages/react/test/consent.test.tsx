// @vitest-environment happy-dom
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
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

function renderTag(props: { requireConsent?: boolean; onError?: () => void } = {}) {
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
    expect(onError).toHaveBeenCalledWith(expect.any(Error), [id]);
    expect(onError.mock.calls[0][0].message).toContain('without consent');
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
    expect(onError).toHaveBeenCalledWith(expect.any(Error), [id]);
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
