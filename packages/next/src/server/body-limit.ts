import { type Refusal, refuse } from './refusal.js';

/**
 * The default largest body `/api/pin` reads: 16 KiB. A batch of the hook's events (a page view,
 * an add to cart with a few contents) is well under 2 KiB; a body this large is not from the hook.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * The 413 for a body over `maxBytes`.
 *
 * @example
 * if (size > maxBytes) return tooLarge(maxBytes);
 */
export function tooLarge(maxBytes: number): Refusal {
  // Connection: close, because the rest of the body is left unread on the socket.
  return refuse(413, 'payload_too_large', `exceeds ${maxBytes} bytes`, '', {
    connection: 'close',
  });
}

/**
 * A 413 before reading a byte when the Content-Length already announces too much. The count
 * taken while reading stays the real guard: chunked requests carry no Content-Length.
 *
 * @example
 * const refusal = contentLengthRefusal(request.headers, 16 * 1024);
 */
export function contentLengthRefusal(headers: Headers, maxBytes: number): Refusal | undefined {
  const declared = headers.get('content-length')?.trim();
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

/**
 * Joins the chunks read so far into one byte array.
 *
 * @example
 * const bytes = joinChunks([new Uint8Array([123]), new Uint8Array([125])], 2);
 */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
