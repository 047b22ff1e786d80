// @vitest-environment happy-dom

import { EVENT_ID } from '@pinbridge/core/wire';
import { cleanup, render, renderHook } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import {
  browserReport,
  freshPackage,
  nextTick,
  pintrkCalls,
  postedEvents,
  resetBrowser,
  stubFetch,
} from './helpers.js';

let fetch: ReturnType<typeof stubFetch>;
let pkg: Awaited<ReturnType<typeof freshPackage>>;
let pintrk: Mock<(...args: unknown[]) => void>;

beforeEach(async () => {
  resetBrowser();
  fetch = stubFetch();
  // A loaded tag: records calls instead of queueing them.
  pintrk = vi.fn<(...args: unknown[]) => void>();
  window.pintrk = pintrk;
  pkg = await freshPackage();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// Child effects run before the effects of a later sibling such as the tag.
function TracksOnMount() {
  const track = pkg.usePinterestTrack();
  useEffect(() => {
    track('checkout', { value: 1, currency: 'USD' });
  }, [track]);
  return null;
}

function trackFromHook() {
  return renderHook(() => pkg.usePinterestTrack(), { wrapper: StrictMode }).result.current;
}

// The Tag's own event data, as Pinterest's docs show it for a checkout.
const checkout = {
  value: 116,
  currency: 'USD',
  order_id: 'X-151481',
  order_quantity: 2,
  promo_code: 'WINTER',
  line_items: [
    { product_id: '11', product_name: 'Pillows', product_price: 48, product_quantity: 1 },
    { product_id: '12', product_price: '68.00', product_quantity: 1, product_category: 'Home' },
  ],
};

// A value that throws when read: the one way props can fail before they are posted.
const throwingProps = () =>
  Object.defineProperty({}, 'value', {
    enumerable: true,
    get() {
      throw new Error('getter failed');
    },
  });

describe('usePinterestTrack', () => {
  it('returns a stable function', () => {
    const { result, rerender } = renderHook(() => pkg.usePinterestTrack());
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('returns the event_id shared by the tag call and the server copy', async () => {
    const track = trackFromHook();
    const props = {
      value: 42,
      currency: 'USD',
      line_items: [{ product_id: 'sku-1', product_quantity: 1 }],
    };
    const id = track('add_to_cart', props, { user: { em: 'ada@example.com' } });
    expect(id).toMatch(EVENT_ID);
    await nextTick();
    expect(pintrk).toHaveBeenCalledWith('track', 'addtocart', { event_id: id, ...props });
    expect(postedEvents(fetch)).toEqual([
      [
        {
          name: 'add_to_cart',
          event_id: id,
          time: expect.any(Number),
          url: location.href,
          props,
          user: { em: 'ada@example.com' },
        },
      ],
    ]);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/pin');
    expect(init).toMatchObject({ method: 'POST', keepalive: true });
  });

  it('gives the Tag its own event data unchanged, and the server the same props', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const track = trackFromHook();
    const ids = [
      track('checkout', checkout),
      track('search', { search_query: 'linen' }),
      track('page_visit'),
      track('custom', { video_title: 'Intro', lead_type: 'newsletter' }),
    ];
    await nextTick();
    expect(pintrk.mock.calls).toEqual([
      ['track', 'checkout', { event_id: ids[0], ...checkout }],
      ['track', 'search', { event_id: ids[1], search_query: 'linen' }],
      ['track', 'pagevisit', { event_id: ids[2] }],
      ['track', 'custom', { event_id: ids[3], video_title: 'Intro', lead_type: 'newsletter' }],
    ]);
    expect(postedEvents(fetch)[0].map(({ name, props }) => [name, props])).toEqual([
      ['checkout', checkout],
      ['search', { search_query: 'linen' }],
      ['page_visit', undefined],
      ['custom', { video_title: 'Intro', lead_type: 'newsletter' }],
    ]);
    // Pinterest names and the Tag's keys: nothing to warn about.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('warns during development of a name the server refuses and of keys only it maps', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const track = trackFromHook();
    track('Order Completed' as 'checkout', {
      total: 129.99,
      products: [{ sku: 'SKU-A', price: 49.99 }],
      search_string: 'ada@example.com',
    });
    await nextTick();
    const messages = warn.mock.calls.map(([message]) => String(message));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/track\("Order Completed"\): not a Pinterest event name/);
    expect(messages[0]).toContain('add_to_cart');
    expect(messages[1]).toMatch(/total, products, search_string reach the server copy only/);
    // Keys are named, values never.
    expect(messages.join(' ')).not.toMatch(/129|SKU-A|ada@example/);
    // The calls still go out as given: the server answers the name with a 400 (reported dead).
    expect(pintrk.mock.calls[0][1]).toBe('Order Completed');
    expect(postedEvents(fetch)[0][0].name).toBe('Order Completed');
    warn.mockRestore();
  });

  it('says nothing in production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    trackFromHook()('Order Completed' as 'checkout', { contents: [] });
    await nextTick();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    vi.unstubAllEnvs();
  });

  it('uses a given event id, for checkouts a payment webhook also reports', async () => {
    const track = trackFromHook();
    expect(track('checkout', { value: 10, currency: 'EUR' }, { eventId: 'checkout-ORD-9' })).toBe(
      'checkout-ORD-9',
    );
    await nextTick();
    expect(pintrk.mock.calls[0][2]).toMatchObject({ event_id: 'checkout-ORD-9' });
    expect(postedEvents(fetch)[0][0].event_id).toBe('checkout-ORD-9');
  });

  it('mints unguessable ids within the wire rule', () => {
    const track = trackFromHook();
    const ids = Array.from({ length: 2000 }, () => track('lead'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(EVENT_ID);
    // 128 random bits: eight 16-bit numbers.
    expect(ids[0].split('-')).toHaveLength(8);
  });

  it('coalesces the events of one tick into one request', async () => {
    const track = trackFromHook();
    const ids = [track('add_to_cart'), track('search', { search_query: 'x' }), track('lead')];
    expect(new Set(ids).size).toBe(3);
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(postedEvents(fetch)[0].map((event) => event.event_id)).toEqual(ids);
    track('signup');
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('falls back to sendBeacon (text/plain) when fetch is missing', async () => {
    vi.stubGlobal('fetch', undefined);
    const sendBeacon = vi.fn((_url: string, _data: string) => true);
    vi.stubGlobal('navigator', { ...navigator, sendBeacon });
    const id = trackFromHook()('add_to_cart');
    await nextTick();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, body] = sendBeacon.mock.calls[0];
    expect(url).toBe('/api/pin');
    // A string body is sent as text/plain;charset=UTF-8: no CORS preflight.
    expect(typeof body).toBe('string');
    expect(JSON.parse(body).events[0]).toMatchObject({ name: 'add_to_cart', event_id: id });
  });

  it('falls back to sendBeacon when fetch throws', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => {
        throw new TypeError('blocked');
      }),
    );
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { ...navigator, sendBeacon });
    trackFromHook()('lead');
    await nextTick();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
  });

  it('reports undelivered events to onError with their ids, never throwing', async () => {
    fetch = stubFetch(500);
    const onError = vi.fn();
    render(<pkg.PinterestTag onError={onError} />);
    const track = trackFromHook();
    const ids = [track('add_to_cart'), track('lead')];
    await nextTick();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(
      browserReport('dead', ids, { message: 'HTTP 500', status: 500 }),
    );
  });

  it('keeps going when onError throws', async () => {
    fetch = stubFetch(500);
    render(
      <pkg.PinterestTag
        onError={() => {
          throw new Error('reporter down');
        }}
      />,
    );
    const track = trackFromHook();
    expect(() => track('checkout', throwingProps())).not.toThrow();
    track('lead');
    await nextTick();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports a refused beacon and a network failure', async () => {
    const onError = vi.fn();
    render(<pkg.PinterestTag onError={onError} />);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    );
    const first = trackFromHook()('lead');
    await nextTick();
    vi.stubGlobal('fetch', undefined);
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: () => false });
    const second = trackFromHook()('lead');
    await nextTick();
    expect(onError.mock.calls).toEqual([
      [browserReport('dead', [first], { message: expect.stringContaining('offline') })],
      [browserReport('dead', [second], { message: 'beacon refused' })],
    ]);
  });

  it('never throws on props that cannot be read, and reports the event', () => {
    const onError = vi.fn();
    render(<pkg.PinterestTag onError={onError} />);
    const id = trackFromHook()('checkout', throwingProps());
    expect(onError).toHaveBeenCalledWith(browserReport('error', [id]));
    expect(onError.mock.calls[0][0].message).toBe('Error: getter failed');
  });

  it('warns during development when no onError is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fetch = stubFetch(503);
    const id = trackFromHook()('lead');
    await nextTick();
    expect(warn).toHaveBeenCalledWith(
      '[pinbridge]',
      browserReport('dead', [id], { message: 'HTTP 503' }),
    );
    warn.mockRestore();
  });

  it('reports props JSON cannot encode instead of throwing', async () => {
    const onError = vi.fn();
    render(<pkg.PinterestTag onError={onError} />);
    const id = trackFromHook()('custom', { big: 10n });
    await nextTick();
    expect(fetch).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(browserReport('error', [id]));
  });

  it('sends events tracked by a child before the tag has mounted, after the tag load', async () => {
    delete window.pintrk;
    const { PinterestTag } = pkg;
    render(
      <>
        <TracksOnMount />
        <PinterestTag tagId="1" endpoint="/custom" />
      </>,
    );
    await nextTick();
    const queue = pintrkCalls();
    expect(queue.map(([command, name]) => (name === undefined ? command : name))).toEqual([
      '1',
      'page',
      'pagevisit',
      'checkout',
    ]);
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/custom']);
    // One request, to the endpoint the tag published after the child had tracked.
    expect(
      postedEvents(fetch)[0]
        .map((event) => event.name)
        .sort(),
    ).toEqual(['checkout', 'page_visit']);
  });
});
