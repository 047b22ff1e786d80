import { joinChunks, tooLarge } from './body-limit.js';
import type { RawBody } from './decode-body.js';
import type { Refusal } from './refusal.js';

/**
 * The bytes of a Web request's body, counted while they arrive: past `maxBytes` the stream is
 * cancelled and a 413 returned, so an endless or oversized upload never sits in memory whole.
 * (`request.text()` would buffer everything first.)
 *
 * @example
 * const raw = await readWebBody(request, 16 * 1024);
 * if (isRefusal(raw)) return Response.json({ error: raw.error }, { status: raw.status });
 */
export async function readWebBody(request: Request, maxBytes: number): Promise<RawBody | Refusal> {
  if (!request.body) return { bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: a peer that stops sending would otherwise hold the answer back.
      reader.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return { bytes: joinChunks(chunks, size) };
}
