import { tooLarge } from './body-limit.js';
import { type Refusal, refuse } from './refusal.js';

/**
 * A body as the adapter has it: raw bytes (App Router; Pages Router with `bodyParser: false`),
 * text (Pages Router's parser on a text/plain beacon), or a value its parser already built.
 */
export type RawBody = { bytes: Uint8Array } | { text: string } | { parsed: unknown };

const encoder = new TextEncoder();

/**
 * The JSON value of a body: bytes must be valid UTF-8 (a fatal decoder refuses what a lenient
 * one would silently replace with U+FFFD), text must parse, and none may exceed `maxBytes`, even
 * a value a parser built (measured by its JSON size).
 *
 * @example
 * const body = decodeBody({ bytes }, 16 * 1024);
 * if ('error' in body) return body; // 400 or 413
 */
export function decodeBody(raw: RawBody, maxBytes: number): { value: unknown } | Refusal {
  if ('parsed' in raw) {
    const size = encoder.encode(JSON.stringify(raw.parsed) ?? '').byteLength;
    return size > maxBytes ? tooLarge(maxBytes) : { value: raw.parsed };
  }
  let text: string;
  if ('text' in raw) {
    text = raw.text;
    if (encoder.encode(text).byteLength > maxBytes) return tooLarge(maxBytes);
  } else {
    if (raw.bytes.byteLength > maxBytes) return tooLarge(maxBytes);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw.bytes);
    } catch {
      return refuse(400, 'invalid_encoding', 'is not valid UTF-8');
    }
  }
  if (text.trim() === '') return refuse(400, 'invalid_json', 'is empty');
  try {
    return { value: JSON.parse(text) };
  } catch {
    return refuse(400, 'invalid_json', 'is not valid JSON');
  }
}
