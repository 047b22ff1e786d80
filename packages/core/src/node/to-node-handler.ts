import type { IncomingMessage, ServerResponse } from 'node:http';
import { platformWaitUntil } from '../server/delivery.js';
import { methodNotAllowed, refusalResponse } from '../server/errors.js';
import type { HandlerContext, PinHandler } from '../server/handler.js';

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

function headersOf(req: IncomingMessage, replacedBody: boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // The length of a body a parser already read says nothing about the text handed on.
    if (replacedBody && (name === 'content-length' || name === 'transfer-encoding')) continue;
    if (Array.isArray(value)) {
      for (const item of value) headers.append(name, item);
    } else headers.set(name, value);
  }
  return headers;
}

/**
 * The method, URL and headers of a bodyless request (a GET) as a Web `Request`, built as the
 * handler's own is: what a framework's middleware hands to `pinterestVisit`. `path` replaces
 * `req.url` where a framework rewrites it under a mount point (Express's `req.originalUrl`).
 *
 * @example
 * const visit = req.method === 'GET' ? pinterestVisit(requestHeadOf(req)) : undefined;
 */
export function requestHeadOf(req: IncomingMessage, path = req.url): Request {
  return new Request(urlOf({ headers: req.headers, socket: req.socket, url: path }), {
    method: req.method,
    headers: headersOf(req, false),
  });
}

/**
 * The request's raw stream as a Web stream, with back-pressure. When the reader cancels (the
 * handler stopped at its size limit), the rest is drained unread instead of destroying the
 * request: that would reset the socket before the 413 could be sent (the answer carries
 * `Connection: close`, which ends the connection afterwards).
 */
function streamOf(req: IncomingMessage, received: Received): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer | string) => {
        received.bytes += chunk.length;
        if (done) return;
        controller.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (!done) controller.close();
        done = true;
      });
      req.once('error', (error) => {
        if (!done) controller.error(error);
        done = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      done = true;
      req.resume();
    },
  });
}

/** Bytes of the body that arrived so far. */
interface Received {
  bytes: number;
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

/** The body handed to the handler: the raw stream, or the text of what a framework parsed. */
function bodyOf(req: IncomingMessage & { body?: ParsedBody }, received: Received): BodyInit | null {
  const { body } = req;
  // A Web Request of these methods may have no body.
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  if (body === undefined) return streamOf(req, received);
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>;
  // A parsed value goes back to its JSON text: the handler then measures, checks and parses it
  // like any body, with no second way in that a header could open.
  return JSON.stringify(body) ?? '';
}

async function writeResponse(
  res: ServerResponse,
  response: Response,
  bodyUnread: boolean,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // A body the handler refused before reading it to the end (a 429, a 413, a 408) may still be
  // arriving, perhaps a byte at a time: Node closes the connection after this answer instead of
  // reading on until its own 300 s timeout.
  if (bodyUnread) headers.connection = 'close';
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * A Web-standard handler (`createPinHandler()`) as a node:http listener, for Node servers and
 * frameworks on them (Express, Fastify's raw mode, Next's Pages Router): it builds a Web `Request`
 * from the native one (URL from Host or X-Forwarded-*; headers as they came), streams the body
 * under the handler's size cap (413 while streaming), or hands on a `req.body` a framework
 * already parsed (a string as text, bytes as bytes, a value as its JSON), passes the socket's
 * peer address as `context.ip`, then writes status, headers (each Set-Cookie) and body. The
 * returned promise settles once the delivery handed to it has (see `context`).
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
    const parsed = (req as { body?: ParsedBody }).body !== undefined;
    const received: Received = { bytes: 0 };
    let request: Request;
    try {
      request = new Request(urlOf(req), {
        method: req.method,
        headers: headersOf(req, parsed),
        body: bodyOf(req, received),
        duplex: 'half',
      } as RequestInit);
    } catch {
      // A method the Web's Request refuses (TRACE, TRACK) never reaches the handler's own 405.
      return writeResponse(res, refusalResponse(methodNotAllowed()), bodyPending(req, received));
    }
    const extra = options.context?.(req, res) ?? {};
    const pending: Promise<unknown>[] = [];
    const waitUntil =
      extra.waitUntil ??
      platformWaitUntil() ??
      ((task: Promise<unknown>) => void pending.push(task));
    const response = await handler(request, {
      ...extra,
      waitUntil,
      ip: extra.ip ?? req.socket?.remoteAddress,
    });
    await writeResponse(res, response, bodyPending(req, received));
    // What is left of a refused body is read and dropped until the connection closes.
    if (!req.complete) req.resume();
    // No platform to carry it: this invocation delivers after answering.
    await Promise.allSettled(pending);
  };
}
