import type { IncomingMessage } from 'node:http';
import { joinChunks, tooLarge } from '../server/body-limit.js';
import type { RawBody } from '../server/decode-body.js';
import type { Refusal } from '../server/refusal.js';

/**
 * The raw bytes of a Node request (Pages Router with `bodyParser: false`), counted as they
 * arrive. Past `maxBytes` it stops collecting and lets the rest drain unread: destroying the
 * request would reset the socket before the 413 could be sent, and `Connection: close` on that
 * answer ends the connection afterwards.
 *
 * @example
 * const raw = await readNodeBody(req, 16 * 1024);
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<RawBody | Refusal> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.byteLength;
      if (size <= maxBytes) return void chunks.push(bytes);
      stop();
      req.resume();
      resolve(tooLarge(maxBytes));
    };
    const onEnd = () => {
      stop();
      resolve({ bytes: joinChunks(chunks, size) });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
