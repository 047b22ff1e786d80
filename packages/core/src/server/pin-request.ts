import type { BodyLimits } from './body.js';
import type { Refusal } from './errors.js';

/** What pinbridge reads of a request's headers: `Headers.get`, by lowercase name. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * A request as a transport hands it to the handler without building a Web `Request`: the node
 * bridge makes one from node:http's own request, which spares each post the Web Request, its
 * body stream and the Response (about half of the handler's cost per request on Node).
 *
 * @example
 * const request: PinRequest = {
 *   method: 'POST',
 *   url: 'https://shop.example/api/pin',
 *   headers: new Headers({ 'content-type': 'application/json' }),
 *   readBody: async () => new TextEncoder().encode('{"events":[]}'),
 *   toRequest: () => new Request('https://shop.example/api/pin', { method: 'POST' }),
 * };
 */
export interface PinRequest {
  readonly method: string;
  /** The URL as the client addressed it (scheme and host as Web frameworks build `request.url`). */
  readonly url: string;
  readonly headers: HeaderReader;
  /** The body's bytes under `limits`: a 413 past `maxBytes`, a 408 at the deadline, a 400 when broken off. */
  readBody(limits: BodyLimits): Promise<Uint8Array | Refusal>;
  /** The request as a Web `Request` (without its body), for your callbacks: consent, getClientIp, getRegion, getUser. */
  toRequest(): Request;
}

/** A Web `Request`, or a transport's own {@link PinRequest}. */
export type IncomingRequest = Request | PinRequest;

/** The Web `Request` your callbacks receive: the request itself, or a transport's rendering of it. */
export const webRequestOf = (request: IncomingRequest): Request =>
  'toRequest' in request ? request.toRequest() : request;

/**
 * The handler's answer before any transport writes it: a status, the JSON text, and headers.
 * The Web handler makes it a `Response`; the node bridge writes it to the socket directly.
 *
 * @example
 * { status: 202, body: '{"accepted":1,"event_ids":["V1StGXR8_Z5jdHi6"]}', headers: {}, setCookies: [] }
 */
export interface PinAnswer {
  status: number;
  /** JSON text. */
  body: string;
  /** Headers beside `content-type: application/json` (e.g. `allow`, `connection`). */
  headers: Readonly<Record<string, string>>;
  setCookies: readonly string[];
}

// A Response copies the headers it is given, so the common ones are built once, not per answer.
const JSON_HEADERS = new Headers({ 'content-type': 'application/json' });

/** The answer as a Web `Response`. */
export function toResponse({ status, body, headers, setCookies }: PinAnswer): Response {
  let init = JSON_HEADERS;
  if (setCookies.length > 0 || Object.keys(headers).length > 0) {
    init = new Headers(headers);
    init.set('content-type', 'application/json');
    for (const cookie of setCookies) init.append('set-cookie', cookie);
  }
  return new Response(body, { status, headers: init });
}
