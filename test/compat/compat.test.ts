// The Next.js compatibility matrix (`npm run test:compat`, the end of `npm test`): each fixture
// app installs pinbridge from tarballs packed in this run, is built and started, and Chromium
// lands on it from an ad click, clicks a tracked button, navigates on the client and reloads.
// Every conversion must reach the emulator from the tag and from the server with one event_id,
// the visitor's IP, user agent and click id; the proxy (or middleware) must have set the cookies
// on the landing document itself. Then the app contract (test/contract) runs against the same
// build over HTTP: the App Router and the Pages Router answer as every other adapter does. Fixtures run in sequence: two cores build one Next at a time.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COOKIE_NAMES, readPageViewCookie } from '@pinbridge/core/wire';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { type Browser, chromium, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAppContract } from '../contract/app-contract.js';
import { CHROMIUM_ARGS, ensureChromium } from '../e2e/chromium.js';
import { pairedEvent, pairedWhere, pairs, tagTracks } from '../e2e/emulator-records.js';
import { buildApp, prepareApp, startApp, stopApp } from './app.js';
import { FIXTURES } from './fixtures.js';
import { NEXT_APP_PACKAGES, packTarballs } from './pack.js';

const ACCESS_TOKEN = 'compat-access-token';
const CLICK_ID = 'COMPATCLICK';
// Installing, building and starting one Next app on two cores.
const APP_TIMEOUT_MS = 600_000;
const JOURNEY_TIMEOUT_MS = 180_000;

let emulator: Emulator;
let browser: Browser;
let tarballs: string[];
let packDir: string;
const started = Date.now();

beforeAll(async () => {
  const executablePath = ensureChromium();
  packDir = mkdtempSync(join(tmpdir(), 'pinbridge-compat-pack-'));
  tarballs = packTarballs(packDir, NEXT_APP_PACKAGES);
  emulator = await startEmulator({ accessToken: ACCESS_TOKEN });
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  rmSync(packDir, { recursive: true, force: true });
  console.log(`[compat] the matrix took ${Math.round((Date.now() - started) / 1000)} s`);
});

// The variables of a deployed app: the tag's id and script are inlined at build time.
const appEnv = () => ({
  NEXT_PUBLIC_PINTEREST_TAG_ID: '2612345678901',
  NEXT_PUBLIC_PINTEREST_TAG_SRC: `${emulator.url}/ct/core.js`,
  PINTEREST_API_URL: `${emulator.url}/v5`,
  PINTEREST_ACCESS_TOKEN: ACCESS_TOKEN,
  PINTEREST_AD_ACCOUNT_ID: '549755885175',
});

/** The `name=value` pairs a document response set, by cookie name. */
async function setCookies(response: Response | null): Promise<Map<string, string>> {
  const headers = (await response?.headersArray()) ?? [];
  const cookies = new Map<string, string>();
  for (const { name, value } of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    // Playwright joins several Set-Cookie headers with newlines.
    for (const line of value.split('\n')) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), decodeURIComponent(pair.slice(at + 1)));
    }
  }
  return cookies;
}

/** The page view id a document response's `_pb_pv` cookie carries (the proxy minted it). */
function mintedPageView(cookies: Map<string, string>): string {
  const value = cookies.get(COOKIE_NAMES.pageView);
  expect(value, 'the proxy set _pb_pv on the document').toBeDefined();
  return readPageViewCookie(value!).eventId;
}

/** Lands from an ad click, adds to cart, navigates on the client and reloads; checks every pair. */
async function journey(url: string) {
  emulator.reset();
  const context = await browser.newContext();
  // next dev compiles each route on its first request.
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const userAgent = await page.evaluate(() => navigator.userAgent);

  const landing = await setCookies(await page.goto(`${url}/?epik=${CLICK_ID}`));
  expect(landing.get(COOKIE_NAMES.clickId)).toBe(CLICK_ID);
  expect(landing.get(COOKIE_NAMES.browserId)).toMatch(/\S{16,}/);
  const landingView = await pairedEvent(emulator, 'page_visit');
  expect(landingView.capi.event_id).toBe(mintedPageView(landing));

  await page.getByTestId('add-to-cart').click();
  await pairedEvent(emulator, 'add_to_cart');

  await page.getByRole('link', { name: 'About' }).click();
  await page.waitForURL('**/about');
  const onAbout = (pair: { tag: { page: string } }) => pair.tag.page.endsWith('/about');
  const navigated = await pairedWhere(emulator, 'page_visit', onAbout, 'the client navigation');

  const reloaded = await setCookies(await page.reload());
  // The reload's render read the _pb_pv set on its own response: the proxy forwarded it.
  const rendered = await page.getByTestId('rendered-page-view').textContent();
  expect(rendered, 'the render saw the forwarded _pb_pv').toBe(reloaded.get(COOKIE_NAMES.pageView));
  const reload = await pairedWhere(
    emulator,
    'page_visit',
    (pair) => onAbout(pair) && pair.tag.id !== navigated.tag.id,
    'the reload page_visit',
  );
  expect(reload.capi.event_id).toBe(mintedPageView(reloaded));

  const received = emulator.received();
  const tracked = [...pairs(received, 'page_visit'), ...pairs(received, 'add_to_cart')];
  // The landing, the client navigation and the reload, each one page view; one add to cart.
  expect(tracked.map(({ tag }) => `${tag.name} ${tag.page}`)).toHaveLength(4);
  for (const { tag, capi } of tracked) {
    expect(capi, `${tag.name} ${tag.id} has a server copy`).toBeDefined();
    expect(capi!.user_data.client_ip_address).toBe('127.0.0.1');
    expect(capi!.user_data.client_user_agent).toBe(userAgent);
    expect(capi!.user_data.click_id).toBe(CLICK_ID);
  }
  // Each conversion once from each side.
  const serverIds = received.events.map((event) => event.event_id);
  expect(serverIds.sort()).toEqual(tracked.map(({ tag }) => tag.id).sort());
  expect(tagTracks(received)).toHaveLength(4);
  await context.close();
}

describe.each(FIXTURES)('$title', ({ name, dev, edge }) => {
  let dir: string;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    const began = Date.now();
    dir = prepareApp(name, tarballs);
    await buildApp(dir, appEnv());
    console.log(
      `[compat] ${name}: installed and built in ${Math.round((Date.now() - began) / 1000)} s`,
    );
  }, APP_TIMEOUT_MS);

  afterAll(async () => {
    if (server) await stopApp(server);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  if (edge) {
    it('builds the middleware for the Edge runtime', () => {
      // Next lists Edge middleware here; a Node.js one goes to functions-config-manifest.json.
      const manifest = JSON.parse(
        readFileSync(join(dir, '.next/server/middleware-manifest.json'), 'utf8'),
      );
      expect(Object.keys(manifest.middleware)).toEqual(['/']);
    });
  }

  // Under next dev, React StrictMode runs every effect twice: still one event each.
  it.each(dev ? (['start', 'dev'] as const) : (['start'] as const))(
    'pairs every conversion under next %s, the cookies set by the proxy, none twice',
    async (command) => {
      const { child, url } = await startApp(dir, command, appEnv());
      server = child;
      try {
        await journey(url);
      } finally {
        await stopApp(child);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  // init's route with its defaults, on next start, delivering to the contract's own emulator.
  describeAppContract(`${name} on next start`, {
    start: async (env) => {
      const { child, url } = await startApp(dir, 'start', { ...appEnv(), ...env });
      return { origin: url, close: () => stopApp(child) };
    },
    page: '/',
    visitor: { ip: '127.0.0.1' },
  });
});
