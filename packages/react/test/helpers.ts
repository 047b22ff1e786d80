import type { PinbridgeReport, WireEvent } from '@pinbridge/core/wire';
import { expect, vi } from 'vitest';

/** The package with fresh module state (page guard, loaded tag, queue), as after a reload. */
export async function freshPackage() {
  vi.resetModules();
  return import('../src/index.js');
}

/** A clean document: no tag, no scripts, no cookies. */
export function resetBrowser(): void {
  // happy-dom never fetches scripts here; count the tag script as loaded instead of logging errors.
  const { happyDOM } = window as unknown as { happyDOM: { settings: Record<string, unknown> } };
  happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
  delete window.pintrk;
  document.head.innerHTML = '';
  for (const cookie of document.cookie.split('; ')) {
    if (cookie) setCookie(`${cookie.split('=')[0]}=; path=/; max-age=-1`);
  }
}

/** Sets a cookie as the server proxy's Set-Cookie would. */
export function setCookie(cookie: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the package itself uses document.cookie.
  document.cookie = cookie;
}

/** A fetch stub that accepts every request like the /api/pin handler does. */
export function stubFetch(status = 202) {
  const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => {
    return new Response(null, { status });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** The wire-format events of every request the stub received. */
export function postedEvents(fetch: ReturnType<typeof stubFetch>): WireEvent[][] {
  return fetch.mock.calls.map(([, init]) => JSON.parse(String(init?.body)).events);
}

/** Every call made to `pintrk` so far, as recorded by the base code's stub queue. */
export const pintrkCalls = (): unknown[][] => window.pintrk?.queue ?? [];

/** The calls of one command, e.g. `track`. */
export const commands = (name: string) => pintrkCalls().filter(([command]) => command === name);

/** Lets the microtask that coalesces one tick's events run. */
export const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));

export const tagScripts = () =>
  [...document.querySelectorAll('script')].filter((script) => script.src.includes('core.js'));

/** What `onError` receives for these events: a browser record of the report stream. */
export const browserReport = (
  stage: PinbridgeReport['stage'],
  eventIds: string[],
  details: Partial<PinbridgeReport> = {},
) =>
  expect.objectContaining({
    stage,
    source: 'browser',
    event_ids: eventIds,
    count: eventIds.length,
    message: expect.any(String),
    ...details,
  });
