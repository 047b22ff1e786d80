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

const datafly = {
  order_id: 'ORD-001',
  total: 129.99,
  currency: 'USD',
  products: [
    { product_id: 'SKU-A', price: 49.99, quantity: 2, name: 'Ruck', category: 'Bags', brand: 'X' },
    { sku: 'SKU-B', price: 30.01, quantity: 1 },
  ],
};

describe('usePinterestTrack', () => {
  it('returns a stable function', () => {
    const { result, rerender } = renderHook(() => pkg.usePinterestTrack());
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it('returns the event_id shared by the tag call and the server copy', async () => {
    const track = trackFromHook();
    const props = { value: 42, currency: 'USD', contents: [{ id: 'sku-1', quantity: 1 }] };
    const id = track('add_to_cart', props, { user: { em: 'ada@example.com' } });
    expect(id).toMatch(EVENT_ID);
    await nextTick();
    expect(pintrk).toHaveBeenCalledWith('track', 'addtocart', {
      event_id: id,
      value: 42,
      currency: 'USD',
      order_quantity: 1,
      line_items: [{ product_id: 'sku-1', product_quantity: 1 }],
    });
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

  it('maps Pinterest-shaped props to the tag parameters', async () => {
    const track = trackFromHook();
    const id = track('checkout', {
      value: '116.00',
      currency: 'USD',
      order_id: 'X-151481',
      num_items: 2,
      contents: [
        { id: '11', item_price: '48.00', quantity: 1, item_name: 'Pillows', item_brand: 'Soft' },
        { id: '12', item_price: '68.00', quantity: 1, item_category: 'Home' },
      ],
    });
    await nextTick();
    expect(pintrk).toHaveBeenCalledWith('track', 'checkout', {
      event_id: id,
      value: '116.00',
      currency: 'USD',
      order_id: 'X-151481',
      order_quantity: 2,
      line_items: [
        {
          product_id: '11',
          product_price: '48.00',
          product_quantity: 1,
          product_name: 'Pillows',
          product_brand: 'Soft',
        },
        { product_id: '12', product_price: '68.00', product_quantity: 1, product_category: 'Home' },
      ],
    });
  });

  it("maps Datafly's Segment-shaped 'Order Completed' to a checkout", async () => {
    const track = trackFromHook();
    const id = track('Order Completed', datafly);
    await nextTick();
    expect(pintrk).toHaveBeenCalledWith('track', 'checkout', {
      event_id: id,
      value: 129.99,
      currency: 'USD',
      order_id: 'ORD-001',
      order_quantity: 3,
      line_items: [
        {
          product_id: 'SKU-A',
          product_price: 49.99,
          product_quantity: 2,
          product_name: 'Ruck',
          product_category: 'Bags',
          product_brand: 'X',
        },
        { product_id: 'SKU-B', product_price: 30.01, product_quantity: 1 },
      ],
    });
    // The server receives the semantic name and the props as given; core maps them there.
    expect(postedEvents(fetch)[0][0]).toMatchObject({ name: 'Order Completed', props: datafly });
  });

  it('maps search queries, content ids and unknown names', async () => {
    const track = trackFromHook();
    track('Products Searched', { query: 'linen' });
    track('search', { search_string: 'wool' });
    track('view_category', { content_ids: ['a', 'b'] });
    track('Newsletter Opened');
    await nextTick();
    const calls = pintrk.mock.calls.map(([, name, data]) => [
      name,
      { ...(data as object), event_id: 'x' },
    ]);
    expect(calls).toEqual([
      ['search', { event_id: 'x', search_query: 'linen' }],
      ['search', { event_id: 'x', search_query: 'wool' }],
      ['viewcategory', { event_id: 'x', line_items: [{ product_id: 'a' }, { product_id: 'b' }] }],
      ['custom', { event_id: 'x' }],
    ]);
  });

  it("maps Segment's single product at the top level", async () => {
    const track = trackFromHook();
    const id = track('Product Added', { sku: 'SKU-C', price: 12.5, quantity: 2, currency: 'EUR' });
    await nextTick();
    expect(pintrk).toHaveBeenCalledWith('track', 'addtocart', {
      event_id: id,
      currency: 'EUR',
      order_quantity: 2,
      line_items: [{ product_id: 'SKU-C', product_price: 12.5, product_quantity: 2 }],
    });
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
    const ids = [track('add_to_cart'), track('search', { query: 'x' }), track('lead')];
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
    expect(() => track('checkout', { contents: 'not-a-list' })).not.toThrow();
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

  it('never throws on malformed props, and reports the event', () => {
    const onError = vi.fn();
    render(<pkg.PinterestTag onError={onError} />);
    const id = trackFromHook()('checkout', { contents: 'not-a-list' });
    expect(onError).toHaveBeenCalledWith(browserReport('error', [id]));
    // The message names what went wrong, never a value of the props.
    expect(onError.mock.calls[0][0].message).not.toContain('not-a-list');
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
