// @vitest-environment happy-dom

import { EVENT_ID } from '@pinbridge/core/wire';
import { act, cleanup, render } from '@testing-library/react';
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

const pageVisits = () => commands('track').filter(([, name]) => name === 'pagevisit');
const idOf = (call: unknown[]) => (call[2] as { event_id: string }).event_id;

describe('<PinterestTag>', () => {
  it('installs the base code stub queue and inserts the script once', async () => {
    const { PinterestTag } = pkg;
    const { rerender } = render(
      <StrictMode>
        <PinterestTag tagId="2612345678901" page="/" />
      </StrictMode>,
    );
    rerender(
      <StrictMode>
        <PinterestTag tagId="2612345678901" page="/next" />
      </StrictMode>,
    );
    expect(window.pintrk?.version).toBe('3.0');
    expect(Array.isArray(window.pintrk?.queue)).toBe(true);
    expect(tagScripts().map((script) => script.src)).toEqual(['https://s.pinimg.com/ct/core.js']);
    expect(commands('load')).toEqual([['load', '2612345678901', undefined]]);
  });

  it('loads the configured src and passes the email for Enhanced Match', () => {
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" src="/pin/core.js" email="ada@example.com" />);
    expect(tagScripts()[0].getAttribute('src')).toBe('/pin/core.js');
    expect(commands('load')).toEqual([['load', '1', { em: 'ada@example.com' }]]);
  });

  it("loads Pinterest's script for an empty src (an unset variable)", () => {
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" src="" />);
    expect(tagScripts().map((script) => script.src)).toEqual(['https://s.pinimg.com/ct/core.js']);
  });

  it('sends load, page and pagevisit with the id of the proxy cookie, then deletes it', async () => {
    setCookie('_pb_pv=pv-from-proxy; path=/');
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" />);
    expect(pintrkCalls()).toEqual([
      ['load', '1', undefined],
      ['page'],
      ['track', 'pagevisit', { event_id: 'pv-from-proxy' }],
    ]);
    expect(document.cookie).not.toContain('_pb_pv');
    await nextTick();
    expect(postedEvents(fetch)).toEqual([
      [
        {
          name: 'page_visit',
          event_id: 'pv-from-proxy',
          time: expect.any(Number),
          url: location.href,
        },
      ],
    ]);
  });

  it('only calls the tag when the proxy already sent the server copy (.s)', async () => {
    setCookie('_pb_pv=pv-sent.s; path=/');
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" />);
    expect(pageVisits()).toEqual([['track', 'pagevisit', { event_id: 'pv-sent' }]]);
    await nextTick();
    expect(fetch).not.toHaveBeenCalled();
    expect(document.cookie).not.toContain('_pb_pv');
  });

  it('mints an id without the cookie and uses it for the tag and the server copy', async () => {
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" />);
    const id = idOf(pageVisits()[0]);
    expect(id).toMatch(EVENT_ID);
    await nextTick();
    expect(postedEvents(fetch)[0][0]).toMatchObject({ name: 'page_visit', event_id: id });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/pin');
    expect(init).toMatchObject({
      method: 'POST',
      keepalive: true,
    });
  });

  it('posts to the configured endpoint', async () => {
    const { PinterestTag } = pkg;
    render(<PinterestTag tagId="1" endpoint="/track/pin" />);
    await nextTick();
    expect(fetch.mock.calls[0][0]).toBe('/track/pin');
  });

  it('treats each page change as a client navigation with a fresh id', async () => {
    setCookie('_pb_pv=first-id; path=/');
    const { PinterestTag } = pkg;
    const { rerender } = render(<PinterestTag tagId="1" page="/" />);
    await nextTick();
    rerender(<PinterestTag tagId="1" page="/products/1" />);
    await nextTick();
    rerender(<PinterestTag tagId="1" page="/search?q=pins" />);
    await nextTick();
    const ids = pageVisits().map(idOf);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe('first-id');
    expect(new Set(ids).size).toBe(3);
    expect(commands('page')).toHaveLength(3);
    expect(commands('load')).toHaveLength(1);
    expect(postedEvents(fetch).map(([event]) => event.event_id)).toEqual(ids);
  });

  it('never double-sends under StrictMode', async () => {
    const { PinterestTag } = pkg;
    const tree = (page: string) => (
      <StrictMode>
        <PinterestTag tagId="1" page={page} />
      </StrictMode>
    );
    const { rerender } = render(tree('/'));
    await nextTick();
    expect(pageVisits()).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    rerender(tree('/cart'));
    await nextTick();
    expect(pageVisits()).toHaveLength(2);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(commands('load')).toHaveLength(1);
  });

  it('does nothing without a tag id', async () => {
    const { PinterestTag } = pkg;
    render(<PinterestTag />);
    await nextTick();
    expect(window.pintrk).toBeUndefined();
    expect(tagScripts()).toHaveLength(0);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('loads when the tag id arrives after the first render', () => {
    const { PinterestTag } = pkg;
    const { rerender } = render(<PinterestTag page="/" />);
    act(() => rerender(<PinterestTag tagId="1" page="/" />));
    expect(commands('load')).toEqual([['load', '1', undefined]]);
    expect(pageVisits()).toHaveLength(1);
  });
});
