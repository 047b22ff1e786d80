import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  type BodyLimits,
  bodyAborted,
  bodyTimedOut,
  joinChunks,
  tooLarge,
} from '../server/body.js';
import { platformWaitUntil } from '../server/delivery.js';
import type { Refusal } from '../server/errors.js';
import type { HandlerContext, PinHandler } from '../server/handler.js';
import type { HeaderReader, PinAnswer, PinRequest } from '../server/pin-request.js';
import { isDocumentRequest } from '../server/visit.js';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions<Req extends IncomingMessage, Res extends ServerResponse> {
  /**
   * More context per request, from the native request and response: e.g. `getUser` closing over
   * them, or your platform's `waitUntil`. Without a `waitUntil`, the platform's request context
   * carries the delivery, else the returned promise waits for it after the response is sent.
   *
   * @example
   * context: (req, res) => ({ getUser: () => getServerSession(req, res, authOptions) })
   *
   * An `ip` replaces the socket's peer address: a framework's own resolution of it, such as
   * Express's `req.ip` under its `trust proxy` setting (the socket's address when it is off).
   */
  context?: (req: Req, res: Res) => HandlerContext;
}

/** A framework's already parsed body (Express' json/text/raw parsers, Next's Pages bodyParser). */
type ParsedBody = string | Uint8Array | object | null | undefined;

const firstValue = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/**
 * The request URL as the client addressed it: scheme and host from X-Forwarded-Proto and
 * X-Forwarded-Host when a proxy set them, else the socket and the Host header, as Web frameworks
 * build `request.url`. The handler reads the same headers for `secure` and its origin check, so
 * both paths decide alike.
 */
function urlOf(req: Pick<IncomingMessage, 'headers' | 'socket' | 'url'>): string {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const forwarded = firstValue(req.headers['x-forwarded-proto']);
  const scheme = encrypted ? 'https' : forwarded === 'https' ? 'https' : 'http';
  const host = firstValue(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  const path = req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`;
  try {
    return new URL(`${scheme}://${host}${path}`).href;
  } catch {
    // A Host header that is no host: the origin check then relies on the headers alone.
    return new URL(path, `${scheme}://localhost`).href;
  }
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) headers.append(name, item);
    } else headers.set(name, value);
  }
  return headers;
}

/**
 * The method, URL and headers of a request as a Web `Request` without its body: what a
 * framework's middleware hands to `pinterestVisit`, and what your callbacks (consent,
 * getClientIp, getRegion, getUser) receive from the node bridge. `path` replaces
 * `req.url` where a framework rewrites it under a mount point (Express's `req.originalUrl`).
 *
 * @example
 * const visit = req.method === 'GET' ? pinterestVisit(requestHeadOf(req)) : undefined;
 */
export function requestHeadOf(req: IncomingMessage, path = req.url): Request {
  return new Request(urlOf({ headers: req.headers, socket: req.socket, url: path }), {
    method: req.method,
    headers: headersOf(req),
  });
}

/**
 * {@link requestHeadOf} for a document navigation, the only request `pinterestVisit` acts on,
 * else `undefined`: a middleware in front of every route sees each asset, fetch and prefetch
 * too, and those are told apart on node:http's own headers, with no Web Request built.
 *
 * @example
 * const request = documentRequestOf(req, req.originalUrl);
 * const visit = request && pinterestVisit(request, options);
 */
export function documentRequestOf(req: IncomingMessage, path = req.url): Request | undefined {
  const pathname = (path ?? '/').split(/[?#]/, 1)[0];
  // The pathname is given, so the check never reads the head's url: none is built for it.
  const head = { method: req.method ?? 'GET', url: pathname, headers: headerReader(req, false) };
  return isDocumentRequest(head, pathname) ? requestHeadOf(req, path) : undefined;
}

/** Bytes of the body that arrived so far. */
interface Received {
  bytes: number;
}

/**
 * The body read straight from node:http's stream, under the handler's limits: a 413 past
 * `maxBytes` (the rest is left unread: the answer closes the connection), a 408 at the deadline,
 * a 400 when the client broke the upload off. Once Content-Length bytes came, the body is
 * complete, before Node has marked the request so.
 */
function readNodeBody(
  req: IncomingMessage,
  { maxBytes, timeoutMs }: BodyLimits,
  received: Received,
): Promise<Uint8Array | Refusal> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Uint8Array | Refusal) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onClose);
      resolve(result);
    };
    const onData = (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      received.bytes += chunk.length;
      size += chunk.length;
      if (size > maxBytes) return finish(tooLarge(maxBytes));
      chunks.push(chunk);
      if (size === declared) finish(joinChunks(chunks, size));
    };
    const onEnd = () => finish(joinChunks(chunks, size));
    const onAbort = () => finish(bodyAborted());
    // A socket closed before the body ended: the client is gone, nobody waits for this answer.
    const onClose = () => req.complete || onAbort();
    const timer = setTimeout(() => finish(bodyTimedOut(timeoutMs)), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onClose);
  });
}

/** The bytes of a body a framework already parsed, under the same size limit. */
function parsedBytes(body: ParsedBody, { maxBytes }: BodyLimits): Uint8Array | Refusal {
  const bytes =
    body instanceof Uint8Array
      ? body
      : // A parsed value goes back to its JSON text: the handler then checks and parses it like
        // any body, with no second way in that a header could open.
        Buffer.from(typeof body === 'string' ? body : (JSON.stringify(body) ?? ''));
  return bytes.byteLength > maxBytes ? tooLarge(maxBytes) : bytes;
}

// The framing of a body a parser already read says nothing about the bytes handed on.
const FRAMING = new Set(['content-length', 'transfer-encoding']);

/** `Headers.get` over node:http's headers object (names are lowercase there already). */
function headerReader(req: IncomingMessage, parsed: boolean): HeaderReader {
  const { headers } = req;
  return {
    get(name) {
      const key = name.toLowerCase();
      const value = headers[key];
      if (value === undefined || (parsed && FRAMING.has(key))) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * node:http's request as the handler reads it (`handler.answer`): no Web Request, Headers or
 * body stream built. For adapters that get the native request beside a Web one, such as Hono on
 * @hono/node-server (`c.env.incoming`). `received` counts the body's bytes as they arrive, for a
 * caller that closes the connection on a body left unread (as `toNodeHandler` does).
 *
 * @example
 * const answer = await handler.answer(pinRequestOf(c.env.incoming), { ip });
 */
export function pinRequestOf(
  req: IncomingMessage & { body?: ParsedBody },
  received: Received = { bytes: 0 },
): PinRequest {
  const { body } = req;
  const parsed = body !== undefined;
  let web: Request | undefined;
  return {
    method: req.method ?? 'GET',
    url: urlOf(req),
    headers: headerReader(req, parsed),
    readBody: async (limits) =>
      parsed ? parsedBytes(body, limits) : readNodeBody(req, limits, received),
    // Built once, and only when a callback of yours asks for it.
    toRequest: () => (web ??= requestHeadOf(req)),
  };
}

/**
 * Whether some of the body has not arrived. The handler stops reading once Content-Length bytes
 * came, before Node has marked the request complete: those count as all of it.
 */
function bodyPending(req: IncomingMessage, received: Received): boolean {
  if (req.complete) return false;
  const declared = req.headers['content-length'];
  return declared === undefined || received.bytes < Number(declared);
}

function writeAnswer(res: ServerResponse, answer: PinAnswer, bodyUnread: boolean): void {
  const headers: OutgoingHttpHeaders = {
    ...answer.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
  };
  if (answer.setCookies.length > 0) headers['set-cookie'] = [...answer.setCookies];
  // A body the handler refused before reading it to the end (a 429, a 413, a 408) may still be
  // arriving, perhaps a byte at a time: Node closes the connection after this answer instead of
  // reading on until its own 300 s timeout.
  if (bodyUnread) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * A Web-standard handler (`createPinHandler()`) as a node:http listener, for Node servers and
 * frameworks on them (Express, Fastify's raw mode, Next's Pages Router). It hands the handler
 * the native request as a {@link PinRequest} (URL from Host or X-Forwarded-*; headers as they
 * came), builds no Web `Request`, body stream or `Response` (they cost as much as the handler's
 * own work), reads the body under the handler's size cap (413 while streaming) or takes a
 * `req.body` a framework already parsed (a string as text, bytes as bytes, a value as its JSON),
 * passes the socket's peer address as `context.ip`, then writes status, headers (each
 * Set-Cookie) and body. The returned promise settles once the delivery handed to it has (see
 * `context`).
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createPinHandler } from '@pinbridge/core/server';
 * import { toNodeHandler } from '@pinbridge/core/node';
 *
 * const pin = toNodeHandler(createPinHandler());
 * createServer((req, res) => (req.url === '/api/pin' ? pin(req, res) : res.end())).listen(3000);
 * // Express: app.post('/api/pin', pin) — after express.json() too: the parsed body is checked.
 */
export function toNodeHandler<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(
  handler: PinHandler,
  options: NodeHandlerOptions<Req, Res> = {},
): (req: Req, res: Res) => Promise<void> {
  return async (req, res) => {
    const received: Received = { bytes: 0 };
    const extra = options.context?.(req, res) ?? {};
    const pending: Promise<unknown>[] = [];
    const waitUntil =
      extra.waitUntil ??
      platformWaitUntil() ??
      ((task: Promise<unknown>) => void pending.push(task));
    const answer = await handler.answer(pinRequestOf(req, received), {
      ...extra,
      waitUntil,
      ip: extra.ip ?? req.socket?.remoteAddress,
    });
    writeAnswer(res, answer, bodyPending(req, received));
    // What is left of a refused body is read and dropped until the connection closes.
    if (!req.complete) req.resume();
    // No platform to carry it: this invocation delivers after answering.
    await Promise.allSettled(pending);
  };
}
