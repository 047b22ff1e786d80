import { isAscii } from '../ascii.js';
import type { PinterestEvent } from '../types.js';

const NON_ASCII = /[\u0080-\uffff]/g;

const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * An event as the JSON Pinterest receives in `data`, with every non-ASCII character written as a
 * `\uXXXX` escape. It is the same JSON value, but one byte per character: its length is its UTF-8
 * size (what a byte bound must count, without encoding it), and V8 stores it at one byte per
 * character instead of two for the whole string when a single character is outside Latin-1.
 *
 * @example
 * toPayload({ ...event, custom_data: { search_string: 'café' } }); // '…"search_string":"caf\\u00e9"…'
 */
export function toPayload(event: PinterestEvent): string {
  const json = JSON.stringify(event);
  // Checked first: most events are ASCII already, and replace() would copy them for nothing.
  if (isAscii(json)) return json;
  return json.replace(NON_ASCII, unicodeEscape);
}

/**
 * The body of one Conversions API request: the stored payloads joined into `{"data":[…]}`, with
 * no parse and no second serialization.
 *
 * @example
 * requestBody([{ payload: '{"event_id":"a"}' }]); // '{"data":[{"event_id":"a"}]}'
 */
export function requestBody(entries: readonly { payload: string }[]): string {
  if (entries.length === 0) return '{"data":[]}';
  // One join() writes the body as one flat string. Wrapping its result in the envelope instead
  // would make a rope that fetch has to copy again to encode it.
  const parts = entries.map((entry) => entry.payload);
  parts[0] = `{"data":[${parts[0]}`;
  parts[parts.length - 1] += ']}';
  return parts.join(',');
}
