// The inspector in Chromium, run inside the store's e2e file (test/e2e/store.test.ts) right after
// its tracked flow: one `next build` serves both, and the emulator still holds what the flow sent.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEvent, createPinterestClient } from '@pinbridge/core';
import type { Emulator } from '@pinbridge/emulator';
import { eventIdFor } from '@pinbridge/next';
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { tagTracks } from './emulator-records.js';

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));
const DOCS_SCREENSHOT = fileURLToPath(
  new URL('../../examples/next-store/docs/inspector.png', import.meta.url),
);

interface Session {
  browser: Browser;
  emulator: Emulator;
  /** The store's server settings: the webhook below delivers as the store would. */
  env: { PINTEREST_ACCESS_TOKEN: string; PINTEREST_AD_ACCOUNT_ID: string };
}

/**
 * A checkout only the server sends, as a payment webhook calling sendPinterestEvent would: the
 * Next store has no webhook, so the test delivers one with pinbridge's client.
 */
async function sendWebhookCheckout({ emulator, env }: Session, orderId: string) {
  const client = createPinterestClient({
    accessToken: env.PINTEREST_ACCESS_TOKEN,
    adAccountId: env.PINTEREST_AD_ACCOUNT_ID,
    apiUrl: `${emulator.url}/v5`,
  });
  const event = await buildEvent(
    {
      event_name: 'checkout',
      event_id: eventIdFor('checkout', orderId),
      custom_data: { value: 24.5, currency: 'USD', order_id: orderId },
    },
    { client_ip_address: '203.0.113.50', client_user_agent: 'payment-webhook/1.0' },
    { user_data: { em: 'shopper@example.com' } },
  );
  const { processed } = await client.send(event);
  await client.close();
  expect(processed).toBe(1);
  return event.event_id;
}

/**
 * Registers the test: every tracked conversion of the flow is one paired row, the webhook's
 * checkout a server-only row, the summary says so; a screenshot goes to test/e2e/artifacts/, and
 * with PINBRIDGE_UPDATE_DOCS=1 also to examples/next-store/docs/inspector.png.
 */
export function itShowsTheFlowInTheInspector(session: () => Session) {
  it('shows the flow in the inspector: tracked events paired, the webhook server-only', async () => {
    const { browser, emulator } = session();
    const tracked = tagTracks(emulator.received()).filter((call) => call.id);
    expect(tracked.length).toBeGreaterThanOrEqual(11);
    const webhookId = await sendWebhookCheckout(session(), 'WEBHOOK-1001');

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${emulator.url}/`);
    const row = (key: string) => page.locator(`#rows tr[data-key="${key}"]`);
    await expect.poll(() => row(webhookId).getAttribute('data-state')).toBe('server_only');

    for (const { id, name } of tracked) {
      expect(await row(id!).getAttribute('data-state'), `${name} ${id}`).toBe('paired');
    }
    const states = await page
      .locator('#rows tr')
      .evaluateAll((rows) => rows.map((tr) => (tr as HTMLElement).dataset.state));
    expect(states.filter((state) => state === 'paired')).toHaveLength(tracked.length);
    expect(states.filter((state) => state !== 'paired')).toEqual(['server_only']);
    const count = tracked.length;
    expect(await page.locator('#twin-share').textContent()).toBe(`${count} of ${count} (100%)`);
    // Every store event carries the click id of the landing URL; the webhook's checkout has none.
    expect(await page.locator('#click-share').textContent()).toMatch(
      new RegExp(`^${count} of ${count + 1} \\(\\d+%\\)$`),
    );
    expect(await page.locator('#failing').textContent()).toBe('0');

    const checkout = page.locator('#rows tr[data-state="paired"]', { hasText: 'checkout' });
    await expect.poll(() => checkout.count()).toBe(1);
    const badges = await checkout.locator('.badge').allTextContents();
    expect(badges).toEqual(expect.arrayContaining(['hashed_email', 'click_id_epik', 'ip_address']));
    await checkout.click();
    expect(await page.locator('#detail-server').textContent()).toContain('"order_id"');

    // The state filter leaves only the webhook's row.
    await page.selectOption('#state-filter', 'server_only');
    expect(await page.locator('#rows tr').count()).toBe(1);
    await page.selectOption('#state-filter', '');

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const screenshot = `${ARTIFACTS_DIR}inspector.png`;
    await page.mouse.move(0, 0); // no hover highlight in the picture
    await page.screenshot({ path: screenshot });
    if (process.env.PINBRIDGE_UPDATE_DOCS === '1') {
      mkdirSync(dirname(DOCS_SCREENSHOT), { recursive: true });
      copyFileSync(screenshot, DOCS_SCREENSHOT);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
}
