import { type Refusal, refuse } from './errors.js';
import type { HeaderReader, IncomingRequest } from './pin-request.js';

/**
 * The default largest body `/api/pin` reads: 16 KiB. A batch of the hook's events (a page view,
 * an add to cart with a few contents) is well under 2 KiB; a body this large is not from the hook.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * The default time a body may take to arrive: 10 s. The hook's bodies arrive in one packet; a
 * client that trickles one, sends an endless chunked body or announces more than it sends would
 * otherwise hold a socket and a request until Node's own 300 s `requestTimeout`.
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

// The hook's fetch() and sendBeacon() post a string, so text/plain;charset=UTF-8; server code and
// other clients post application/json. Forms and multipart are never ours, and a body in another
// charset would not decode the way the hook encoded it.
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
const UTF8 = new Set(['utf-8', 'utf8']);

// What the hook and most servers send: accepted without parsing the header.
const USUAL_TYPES = new Set(['application/json', 'text/plain;charset=UTF-8', 'text/plain']);

/** A 415 unless the Content-Type is application/json or text/plain, with no charset but UTF-8. */
export function contentTypeRefusal(header: string | null): Refusal | undefined {
  if (header !== null && USUAL_TYPES.has(header)) return undefined;
  const [type = '', ...parameters] = (header ?? '').split(';');
  if (!ACCEPTED_TYPES.has(type.trim().toLowerCase())) {
    return refuse(415, 'unsupported_media_type', 'must be application/json or text/plain');
  }
  for (const parameter of parameters) {
    const separator = parameter.indexOf('=');
    if (separator < 0 || parameter.slice(0, separator).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter
      .slice(separator + 1)
      .trim()
      .replace(/^"|"$/g, '')
      .toLowerCase();
    if (!UTF8.has(charset)) return refuse(415, 'unsupported_media_type', 'charset must be UTF-8');
  }
  return undefined;
}

// Connection: close on the refusals that leave the rest of a body unread on the socket.
const CLOSE = { connection: 'close' };

/** The 413 for a body over `maxBytes`. */
export const tooLarge = (maxBytes: number): Refusal =>
  refuse(413, 'payload_too_large', `exceeds ${maxBytes} bytes`, '', CLOSE);

/** The 408 for a body still incomplete after `timeoutMs`. */
export const bodyTimedOut = (timeoutMs: number): Refusal =>
  refuse(408, 'request_timeout', `body not received within ${timeoutMs} ms`, '', CLOSE);

/** The 400 for an upload the client broke off (its connection reset mid-body). */
export const bodyAborted = (): Refusal =>
  refuse(400, 'body_aborted', 'the upload was broken off before its end');

/**
 * The bytes of `chunks`, `size` in all. Most bodies arrive in one chunk: no copy then.
 *
 * @example
 * joinChunks([Buffer.from('{"events"'), Buffer.from(':[]}')], 13);
 */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A 413 before reading a byte when the Content-Length already announces too much. The count
 * taken while reading stays the real guard: chunked requests carry no Content-Length.
 */
export function contentLengthRefusal(headers: HeaderReader, maxBytes: number): Refusal | undefined {
  const declared = headers.get('content-length')?.trim();
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Bounds of one body read. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

/**
 * The JSON value of a request's body, read under `maxBytes` within `timeoutMs` (by the request
 * itself when it is a transport's {@link PinRequest}, else from its Web stream). The bytes are
 * counted while they arrive: past the limit the stream is cancelled and a 413 returned, so an
 * endless or oversized upload never sits in memory whole (`request.text()` would buffer
 * everything first); a body still incomplete at the deadline is a 408, and one the client broke
 * off a 400 `body_aborted` (a client's doing, not pinbridge's: no error is logged for it). The
 * bytes must be valid UTF-8 (a fatal decoder refuses what a lenient one would silently replace
 * with U+FFFD), and must parse.
 *
 * @example
 * const body = await readJsonBody(request, { maxBytes: 16 * 1024, timeoutMs: 10_000 });
 * if (isRefusal(body)) return refusalResponse(body); // 400, 408 or 413
 */
export async function readJsonBody(
  request: IncomingRequest,
  limits: BodyLimits,
): Promise<{ value: unknown } | Refusal> {
  const bytes = await ('readBody' in request
    ? request.readBody(limits)
    : readWebBody(request, limits));
  if (!(bytes instanceof Uint8Array)) return bytes;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return refuse(400, 'invalid_encoding', 'is not valid UTF-8');
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    // Told apart only once parsing failed: no copy of every body to look for an empty one.
    return refuse(400, 'invalid_json', text.trim() === '' ? 'is empty' : 'is not valid JSON');
  }
}

const TIMED_OUT = Symbol('timed out');

async function readWebBody(
  request: Request,
  { maxBytes, timeoutMs }: BodyLimits,
): Promise<Uint8Array | Refusal> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  // Not awaited: a peer that stops sending would otherwise hold the answer back.
  const stop = () => void reader.cancel().catch(() => undefined);
  // The transport frames the body by its Content-Length (Node, Deno and Bun refuse one that
  // runs over), so once that many bytes arrived, the read that would say "done" is skipped.
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, TIMED_OUT);
  });
  try {
    while (size !== declared) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === TIMED_OUT) {
        stop();
        return bodyTimedOut(timeoutMs);
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) {
        stop();
        return tooLarge(maxBytes);
      }
      chunks.push(next.value);
    }
  } catch {
    // The stream errs when the client resets the connection mid-upload: nobody waits for this answer.
    return bodyAborted();
  } finally {
    clearTimeout(timer);
  }
  return joinChunks(chunks, size);
}
