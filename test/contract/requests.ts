// Requests and answers of the handler tests, shared by core's and Next's.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
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
 * answers or `maxBytes` are written (then the body ends); resolves with the status, the parsed
 * body, the bytes written and whether the server then closed the connection. A `maxBytes` just
 * over the server's limit writes nothing after its answer, which a client still writing may see
 * fail as EPIPE once the server closes.
 */
export function streamUntilAnswered(
  port: number,
  headers: Record<string, string>,
  maxBytes = 1024 * 1024,
) {
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
        if (answered || written >= maxBytes) return void req.end();
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

/** How {@link trickle} sends its body: `length` announced (else chunked), a byte every `everyMs`. */
export interface TrickleOptions {
  length?: number;
  everyMs: number;
  headers?: Record<string, string>;
}

/**
 * A slow client on a raw socket: the request head of a POST to /api/pin, then its body one byte at
 * a time, never finishing. Resolves once the server closes the socket, with the status line it
 * answered (if any), the JSON error, and how long the socket was held.
 */
export function trickle(port: number, { length, everyMs, headers = {} }: TrickleOptions) {
  return new Promise<{ status: number; body: unknown; heldMs: number }>((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const framing =
      length === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`;
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `POST /api/pin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n${extra.join('')}${framing}\r\n\r\n`,
    );
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(length === undefined ? '1\r\n \r\n' : ' ');
    }, everyMs);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (data) => {
      answer += data;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const text = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // No answer, or not JSON: kept as text.
      }
      resolve({ status, body, heldMs: performance.now() - started });
    });
  });
}
