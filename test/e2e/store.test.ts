import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { validateEvents } from '@pinbridge/core';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { eventIdFor } from '@pinbridge/next';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';
import {
  pairedEvent,
  pairedWhere,
  pairs,
  tagTracks,
  withoutEmulatorFields,
} from './emulator-records.js';
import { itShowsTheFlowInTheInspector } from './inspector.js';
import { runNext, STORE_DIR } from './store-server.js';

// Fixed ports: next.config rewrites (the tag script's first-party path) are resolved at build time.
const EMULATOR = 'http://127.0.0.1:4319';
const STORE = 'http://127.0.0.1:3107';
const EMAIL = 'Shopper@Example.com';
const env = {
  NEXT_PUBLIC_PINTEREST_TAG_ID: '2612345678901',
  NEXT_PUBLIC_PINTEREST_TAG_SRC: `${EMULATOR}/ct/core.js`,
  PINTEREST_API_URL: `${EMULATOR}/v5`,
  PINTEREST_ACCESS_TOKEN: 'e2e-access-token',
  PINTEREST_AD_ACCOUNT_ID: '549755885175',
};

let emulator: Emulator;
let store: ChildProcess | undefined;
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  emulator = await startEmulator({ port: 4319, accessToken: env.PINTEREST_ACCESS_TOKEN });
  await runNext(['build'], env);
  store = await runNext(['start', '-p', '3107', '-H', '127.0.0.1'], env, /Ready in/);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  store?.kill();
  await emulator?.close();
});

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function click(page: Page, testId: string) {
  await page.getByTestId(testId).click();
}

describe('the demo store build', () => {
  it('puts neither the access token nor its variable name in any browser file', () => {
    const staticDir = `${STORE_DIR}.next/static/`;
    const files = readdirSync(staticDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      statSync(staticDir + file).isFile(),
    );
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(staticDir + file, 'latin1');
      expect(text, file).not.toContain(env.PINTEREST_ACCESS_TOKEN);
      expect(text, file).not.toContain('PINTEREST_ACCESS_TOKEN');
    }
    console.log(
      `[e2e] scanned ${files.length} files under .next/static: no token, no variable name`,
    );
  });
});

describe('the demo store in Chromium', () => {
  it('sends every conversion from the tag and from the server with one event_id', async () => {
    emulator.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${STORE}/?epik=TESTCLICK`);
    await click(page, 'consent-accept');
    await pairedEvent(emulator, 'page_visit');

    await click(page, 'product-SKU-A');
    await page.waitForURL('**/products/SKU-A');
    await click(page, 'add-to-cart');
    // The Tag gets its own event data as the page passed it; the server copy, the mapped custom_data.
    const addToCart = await pairedEvent(emulator, 'add_to_cart');
    expect(addToCart.tag.data).toEqual({
      event_id: addToCart.tag.id,
      value: 49.99,
      currency: 'USD',
      order_quantity: 1,
      line_items: [
        {
          product_id: 'SKU-A',
          product_name: 'Widget',
          product_price: 49.99,
          product_quantity: 1,
          product_category: 'Tools',
        },
      ],
    });
    expect(addToCart.capi.custom_data).toEqual({
      value: '49.99',
      currency: 'USD',
      num_items: 1,
      content_ids: ['SKU-A'],
      contents: [
        {
          id: 'SKU-A',
          item_name: 'Widget',
          item_price: '49.99',
          quantity: 1,
          item_category: 'Tools',
        },
      ],
    });

    await page.getByRole('link', { name: 'Search' }).click();
    await page.waitForURL('**/search');
    await page.getByTestId('search-input').fill('mug');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL('**/search?q=mug');
    const search = await pairedEvent(emulator, 'search');
    expect(search.tag.data).toEqual({ event_id: search.tag.id, search_query: 'mug' });
    expect(search.capi.custom_data).toEqual({ search_string: 'mug' });

    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByTestId('signup-email').fill(EMAIL);
    await click(page, 'signup-submit');
    await page.waitForURL(`${STORE}/`);
    await pairedEvent(emulator, 'signup');

    await page.getByRole('link', { name: 'Cart' }).click();
    await click(page, 'place-order');
    await page.waitForURL('**/thank-you?order=*');
    const orderId = new URL(page.url()).searchParams.get('order')!;
    const checkout = await pairedEvent(emulator, 'checkout');
    expect(checkout.capi.event_id).toBe(eventIdFor('checkout', orderId));
    expect(checkout.tag.data).toEqual({
      event_id: checkout.capi.event_id,
      value: 49.99,
      currency: 'USD',
      order_id: orderId,
      order_quantity: 1,
      line_items: [
        { product_id: 'SKU-A', product_name: 'Widget', product_price: 49.99, product_quantity: 1 },
      ],
    });
    expect(checkout.capi.custom_data).toEqual({
      currency: 'USD',
      value: '49.99',
      order_id: orderId,
      num_items: 1,
      content_ids: ['SKU-A'],
      contents: [{ id: 'SKU-A', item_name: 'Widget', item_price: '49.99', quantity: 1 }],
    });

    const onThankYou = (pair: { tag: { page: string } }) => pair.tag.page.includes('/thank-you');
    await pairedWhere(emulator, 'page_visit', onThankYou, 'the thank-you page_visit');

    const received = emulator.received();
    for (const name of ['page_visit', 'add_to_cart', 'search', 'signup', 'checkout'] as const) {
      const found = pairs(received, name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const { tag, capi } of found) {
        expect(capi, `${name} ${tag.id} has a server copy`).toBeDefined();
        const event = withoutEmulatorFields(capi!);
        expect(event.event_name).toBe(name);
        expect(event.user_data.client_ip_address).toBe('127.0.0.1');
        expect(event.user_data.client_user_agent).toMatch(/Chrome/);
        expect(event.user_data.click_id).toBe('TESTCLICK');
        expect(event.user_data.external_id?.[0]).toMatch(/^[0-9a-f]{64}$/);
        expect(validateEvents({ data: [event] })).toEqual({ valid: true, errors: [] });
      }
    }
    for (const name of ['signup', 'checkout'] as const) {
      expect(pairs(received, name)[0].capi!.user_data.em).toEqual([sha256(EMAIL.toLowerCase())]);
    }
    // Each conversion reached the server exactly once.
    const ids = received.events.map((event) => event.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every page view, the landing and each client navigation, had an id of its own.
    const pageViews = tagTracks(received).filter((call) => call.name === 'pagevisit');
    expect(pageViews.length).toBeGreaterThanOrEqual(7);
    expect(new Set(pageViews.map((call) => call.id)).size).toBe(pageViews.length);
    await context.close();
  }, 120_000);

  // Reads what the flow above sent: the store is built once for both.
  itShowsTheFlowInTheInspector(() => ({ browser, emulator, env }));

  it('gives a reload a page_visit id of its own, minted by the proxy', async () => {
    emulator.reset();
    const context = await browser.newContext();
    await context.addCookies([{ name: '_pb_consent', value: 'granted', url: STORE }]);
    const page = await context.newPage();
    await page.goto(`${STORE}/?epik=TESTCLICK`);
    await pairedEvent(emulator, 'page_visit');
    await page.goto(`${STORE}/products/SKU-B`);
    const onProduct = (pair: { tag: { page: string } }) => pair.tag.page.endsWith('SKU-B');
    const first = await pairedWhere(emulator, 'page_visit', onProduct, 'the product page_visit');
    await page.reload();
    const second = await pairedWhere(
      emulator,
      'page_visit',
      (pair) => onProduct(pair) && pair.tag.id !== first.tag.id,
      'the reload page_visit',
    );
    expect(second.capi.event_id).not.toBe(first.capi.event_id);
    // A UUID, the proxy's format (the browser mints 21-character nanoids for client navigations).
    expect(second.capi.event_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    // The proxy kept the click id in _epik, so the reload (no epik in its URL) still carries it.
    expect(second.capi.user_data.click_id).toBe('TESTCLICK');
    expect(second.capi.event_source_url).not.toContain('epik');
    await context.close();
  }, 60_000);

  it('sends nothing from either side when consent is required and denied', async () => {
    emulator.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${STORE}/?epik=TESTCLICK`);
    await click(page, 'consent-decline');
    await click(page, 'product-SKU-A');
    await page.waitForURL('**/products/SKU-A');
    await click(page, 'add-to-cart');
    await page.reload();
    await click(page, 'add-to-cart');
    // Give anything that was wrongly sent time to arrive before asserting that nothing did.
    await page.waitForTimeout(2_500);
    const received = emulator.received();
    expect(received.events).toEqual([]);
    expect(received.tag).toEqual([]);
    const cookies = (await context.cookies()).map((cookie) => cookie.name);
    expect(cookies).not.toContain('_epik');
    expect(cookies).not.toContain('_pb_bid');
    await context.close();
  }, 60_000);
});
