import { NextRequest } from 'next/server.js';
import { expect } from 'vitest';

export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15';

/** One valid wire event, with `overrides` applied. */
export function wireEvent(overrides: Record<string, unknown> = {}) {
  return {
    name: 'add_to_cart',
    event_id: 'evt_add_to_cart_1',
    time: Date.now() - 1_000,
    url: 'https://shop.test/products/1',
    props: { value: 42, currency: 'USD', contents: [{ id: 'SKU-1', item_price: 42, quantity: 1 }] },
    ...overrides,
  };
}

/** A POST to https://shop.test/api/pin as the browser hook sends it; a string or bytes body is sent as is. */
export function postPin(
  body: unknown,
  headers: Record<string, string> = {},
  url = 'https://shop.test/api/pin',
): NextRequest {
  const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return new NextRequest(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': BROWSER_UA,
      'x-real-ip': '203.0.113.5',
      ...headers,
    },
    body: raw as BodyInit,
  });
}

/** Asserts the shared error shape and returns the error. */
export async function expectError(response: Response, status: number, code: string, path = '') {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body).toEqual({ error: { code, message: expect.any(String), path } });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; path: string };
}
