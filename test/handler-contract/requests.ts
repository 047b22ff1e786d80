// Requests and answers of the handler tests, shared by core's and Next's.
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { BROWSER_UA } from './contract.js';

/** A POST to https://shop.test/api/pin as the browser hook sends it; a string or bytes body is sent as is. */
export function postPin(
  body: unknown,
  headers: Record<string, string> = {},
  url = 'https://shop.test/api/pin',
): Request {
  const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': BROWSER_UA,
      'x-forwarded-for': '203.0.113.5',
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

/** A promise settled from outside. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * Streams 4 KiB chunks without a Content-Length to 127.0.0.1:`port`/api/pin until the server
 * answers; resolves with the status, the parsed body, the bytes written and whether the server
 * then closed the connection.
 */
export function streamUntilAnswered(port: number, headers: Record<string, string>) {
  return new Promise<{ status: number; body: unknown; written: number; closed: boolean }>(
    (resolve, reject) => {
      let written = 0;
      let answered = false;
      const chunk = Buffer.alloc(4096, 0x20);
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/pin',
        method: 'POST',
        headers,
      });
      const pump = () => {
        if (answered || written > 1024 * 1024) return void req.end();
        written += chunk.length;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      req.on('response', (res) => {
        answered = true;
        let text = '';
        res.on('data', (data) => {
          text += data;
        });
        res.on('end', () => {
          const closed = res.headers.connection === 'close';
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), written, closed });
        });
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      req.write('{"events":[');
      pump();
    },
  );
}
