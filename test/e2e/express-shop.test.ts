import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { validateEvents } from '@pinbridge/core';
import { eventIdFor } from '@pinbridge/core/wire';
import { type Emulator, startEmulator } from '@pinbridge/emulator';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';
import {
  pairedEvent,
  pairedWhere,
  pairs,
  tagTracks,
  until,
  withoutEmulatorFields,
} from './emulator-records.js';
import { buildShop, SHOP_DIR, startShop } from './shop-server.js';

const ACCESS_TOKEN = 'e2e-access-token';
const EMAIL = 'Shopper@Example.com';
// One mug in the Tag's own line-item keys, as the shop's pages pass it to track().
const MUG_LINE = {
  product_id: 'SKU-A',
  product_name: 'Stoneware mug',
  product_price: 24,
  product_quantity: 1,
};
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let emulator: Emulator;
let shop: ChildProcess | undefined;
let shopUrl: string;
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  // Free ports: the tag script's URL is baked in at build time, so the emulator starts first.
  emulator = await startEmulator({ accessToken: ACCESS_TOKEN });
  await buildShop({
    VITE_PINTEREST_TAG_ID: '2612345678901',
    VITE_PINTEREST_TAG_SRC: `${emulator.url}/ct/core.js`,
  });
  ({ child: shop, url: shopUrl } = await startShop({
    PINTEREST_API_URL: `${emulator.url}/v5`,
    PINTEREST_ACCESS_TOKEN: ACCESS_TOKEN,
    PINTEREST_AD_ACCOUNT_ID: '549755885175',
  }));
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  shop?.kill();
  await emulator?.close();
});

describe('the Express shop build', () => {
  it('bundles the emulator as the tag script and no server secret', () => {
    const dir = `${SHOP_DIR}dist/assets/`;
    const scripts = readdirSync(dir).filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const bundle = scripts.map((file) => readFileSync(dir + file, 'utf8')).join('\n');
    expect(bundle).toContain(`${emulator.url}/ct/core.js`);
    expect(bundle).not.toContain(ACCESS_TOKEN);
    expect(bundle).not.toContain('PINTEREST_ACCESS_TOKEN');
  });
});

describe('the payment webhook', () => {
  it('refuses a call without the provider signature, with a JSON error', async () => {
    const response = await fetch(`${shopUrl}/webhooks/payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'payment.succeeded', order: { id: 'ord_forged' } }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: 'bad_signature',
        message: 'the signature does not match',
        path: 'x-payment-signature',
      },
    });
  });
});

describe('the Express shop in Chromium', () => {
  it('pairs every tag event with a CAPI copy, and the webhook checkout shares the browser id', async () => {
    emulator.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopUrl}/?epik=TESTCLICK`);
    await page.getByTestId('consent-accept').click();
    await pairedEvent(emulator, 'page_visit');

    await page.getByTestId('product-SKU-A').click();
    await page.waitForURL('**/products/SKU-A');
    await page.getByTestId('add-to-cart').click();
    // The Tag gets its own event data as the page passed it; the server copy, the mapped custom_data.
    const addToCart = await pairedEvent(emulator, 'add_to_cart');
    expect(addToCart.tag.data).toEqual({
      event_id: addToCart.tag.id,
      value: 24,
      currency: 'USD',
      order_quantity: 1,
      line_items: [{ ...MUG_LINE, product_category: 'Kitchen' }],
    });
    expect(addToCart.capi.custom_data).toEqual({
      value: '24',
      currency: 'USD',
      num_items: 1,
      content_ids: ['SKU-A'],
      contents: [
        {
          id: 'SKU-A',
          item_name: 'Stoneware mug',
          item_price: '24',
          quantity: 1,
          item_category: 'Kitchen',
        },
      ],
    });

    await page.getByTestId('cart-link').click();
    await page.waitForURL('**/checkout');
    await page.getByTestId('email').fill(EMAIL);
    await page.getByTestId('pay').click();
    await page.waitForURL('**/orders/*');
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    const checkoutId = eventIdFor('checkout', orderId);
    const onOrderPage = (pair: { tag: { page: string } }) => pair.tag.page.includes('/orders/');
    await pairedWhere(emulator, 'page_visit', onOrderPage, 'the order page_visit');

    // The browser's copy and the webhook's (sent about half a second after the charge).
    const checkouts = await until(() => {
      const found = emulator.received().events.filter((event) => event.event_id === checkoutId);
      return found.length === 2 ? found : undefined;
    }, 'the browser and webhook checkouts');
    const received = emulator.received();
    const checkoutTags = pairs(received, 'checkout').map((pair) => pair.tag);
    expect(checkoutTags.map((tag) => tag.id)).toEqual([checkoutId]);
    expect(checkoutTags[0].data).toEqual({
      event_id: checkoutId,
      value: 24,
      currency: 'USD',
      order_id: orderId,
      order_quantity: 1,
      line_items: [MUG_LINE],
    });
    // The browser sent the Tag's line_items, the webhook the Conversions API's contents: the
    // server maps both to one custom_data.
    const copies = checkouts.map(withoutEmulatorFields);
    for (const copy of copies) {
      expect(copy.custom_data).toEqual({
        currency: 'USD',
        value: '24',
        order_id: orderId,
        num_items: 1,
        content_ids: ['SKU-A'],
        contents: [{ id: 'SKU-A', item_name: 'Stoneware mug', item_price: '24', quantity: 1 }],
      });
      expect(copy.user_data.em).toEqual([sha256(EMAIL.toLowerCase())]);
    }
    // One shopper to Pinterest: the webhook carried the browser id the shopper's cookie holds.
    expect(copies[1].user_data.external_id).toEqual(copies[0].user_data.external_id);

    for (const name of ['page_visit', 'add_to_cart', 'checkout'] as const) {
      const found = pairs(received, name);
      expect(found.length, name).toBeGreaterThan(0);
      for (const { tag, capi } of found) {
        expect(capi, `${name} ${tag.id} has a server copy`).toBeDefined();
      }
    }
    for (const event of received.events.map(withoutEmulatorFields)) {
      expect(event.user_data.client_ip_address).toBe('127.0.0.1');
      expect(event.user_data.client_user_agent).toMatch(/Chrome/);
      expect(event.user_data.click_id).toBe('TESTCLICK');
      expect(event.user_data.external_id?.[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(validateEvents({ data: [event] })).toEqual({ valid: true, errors: [] });
    }
    // Every other conversion reached Pinterest once; the checkout twice, under one id.
    const others = received.events.filter((event) => event.event_id !== checkoutId);
    expect(others.length).toBe(received.events.length - 2);
    expect(new Set(others.map((event) => event.event_id)).size).toBe(others.length);
    // The landing, the product, the checkout and the order page: a page view each, own ids.
    const pageViews = tagTracks(received).filter((call) => call.name === 'pagevisit');
    expect(pageViews.length).toBeGreaterThanOrEqual(4);
    expect(new Set(pageViews.map((call) => call.id)).size).toBe(pageViews.length);
    await context.close();
  }, 30_000);

  it('sends nothing from the browser, the server or the webhook when consent is declined', async () => {
    emulator.reset();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopUrl}/?epik=TESTCLICK`);
    await page.getByTestId('consent-decline').click();
    await page.getByTestId('product-SKU-B').click();
    await page.getByTestId('add-to-cart').click();
    await page.getByTestId('cart-link').click();
    await page.getByTestId('email').fill(EMAIL);
    await page.getByTestId('pay').click();
    await page.waitForURL('**/orders/*');
    // The webhook runs half a second after the charge: give it, and anything wrongly sent, time.
    await page.waitForTimeout(2_500);
    const received = emulator.received();
    expect(received.events).toEqual([]);
    expect(received.tag).toEqual([]);
    const cookies = (await context.cookies()).map((cookie) => cookie.name);
    expect(cookies).not.toContain('_epik');
    expect(cookies).not.toContain('_pb_bid');
    await context.close();
  }, 30_000);
});
