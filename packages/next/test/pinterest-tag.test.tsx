// @vitest-environment happy-dom
import type { PinterestTagProps } from '@pinbridge/react';
import { render } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PinterestTag } from '../src/index.js';

const route = vi.hoisted(() => ({
  pathname: '/products/1',
  search: 'color=red',
  prerendering: false,
  // A Pages Router's router (next/compat/router); the App Router has none.
  pagesRouter: null as { isReady: boolean } | null,
}));
const rendered = vi.hoisted(() => [] as PinterestTagProps[]);
// What withPinterest({ basePath: '/shop' }, rule) publishes.
const publish = (rule = {}) =>
  vi.stubEnv(
    'NEXT_PUBLIC_PINBRIDGE',
    JSON.stringify({ src: '/shop/_pb/t.js', endpoint: '/shop/api/pin', ...rule }),
  );

vi.mock('next/navigation.js', () => ({
  usePathname: () => route.pathname,
  useSearchParams: () => {
    // What Next does while prerendering a static page: bail out to client rendering.
    if (route.prerendering) throw new Error('Bail out to client-side rendering: useSearchParams()');
    return new URLSearchParams(route.search);
  },
}));
vi.mock('next/compat/router.js', () => ({ useRouter: () => route.pagesRouter }));
// The React tag is @pinbridge/react's to test; here only what the Next wrapper passes it matters.
vi.mock('@pinbridge/react', () => ({
  PinterestTag: (props: PinterestTagProps) => {
    rendered.push(props);
    return null;
  },
}));

describe('PinterestTag (Next)', () => {
  beforeEach(() => {
    rendered.length = 0;
    vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_ID', '2612345678901');
    publish();
  });
  afterEach(() => {
    route.prerendering = false;
    route.pagesRouter = null;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('passes the tag id, the first-party script, the endpoint and the page from the router', () => {
    render(<PinterestTag requireConsent />);
    expect(rendered.at(-1)).toEqual({
      tagId: '2612345678901',
      src: '/shop/_pb/t.js',
      endpoint: '/shop/api/pin',
      requireConsent: true,
      page: '/products/1?color=red',
    });
  });

  it('lets explicit props win, and leaves the script to the tag default without withPinterest', () => {
    vi.stubEnv('NEXT_PUBLIC_PINBRIDGE', undefined);
    route.search = '';
    render(<PinterestTag tagId="999" endpoint="/track" />);
    expect(rendered.at(-1)).toMatchObject({ tagId: '999', endpoint: '/track' });
    expect(rendered.at(-1)?.src).toBeUndefined();
    render(<PinterestTag src="https://tag.example/core.js" />);
    expect(rendered.at(-1)).toMatchObject({
      src: 'https://tag.example/core.js',
      page: '/products/1',
    });
  });

  it("follows withPinterest's consent rule unless given one", () => {
    const cmp = { cookie: 'cmp', granted: ['all'], denied: ['none'] };
    publish({ consent: cmp });
    render(<PinterestTag />);
    expect(rendered.at(-1)).toMatchObject({
      src: '/shop/_pb/t.js',
      endpoint: '/shop/api/pin',
      consent: cmp,
    });
    expect(rendered.at(-1)?.requireConsent).toBeUndefined();
    // Each field of the rule can be overridden on its own.
    render(<PinterestTag requireConsent={false} />);
    expect(rendered.at(-1)).toMatchObject({ consent: cmp, requireConsent: false });
    const own = { cookie: 'mine' };
    render(<PinterestTag consent={own} />);
    expect(rendered.at(-1)).toMatchObject({ consent: own });
  });

  it('passes no consent rule without withPinterest consent options', () => {
    render(<PinterestTag />);
    expect(rendered.at(-1)?.consent).toBeUndefined();
    expect(rendered.at(-1)?.requireConsent).toBeUndefined();
  });

  it('leaves the page to the browser until a Pages Router has read the query', () => {
    // Before hydration ends, a Pages Router reports a page without its query string: passing it
    // would count the landing twice, once without and once with the query.
    route.pagesRouter = { isReady: false };
    route.search = '';
    render(<PinterestTag />);
    expect(rendered.at(-1)?.page).toBeUndefined();
    route.pagesRouter = { isReady: true };
    route.search = 'epik=abc';
    render(<PinterestTag />);
    expect(rendered.at(-1)?.page).toBe('/products/1?epik=abc');
  });

  it("keeps the query string's bailout inside its own Suspense boundary", () => {
    route.prerendering = true;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // Without the boundary the error would escape and make the whole page dynamic.
    const html = renderToString(<PinterestTag />);
    expect(html).toContain('<!--$!-->');
    expect(rendered).toEqual([]);
  });
});
