import { type Refusal, refuse } from './refusal.js';

// The hook's fetch() and sendBeacon() post a string, so text/plain;charset=UTF-8; server code and
// other clients post application/json. Forms and multipart are never
// ours, and a body in another charset would not decode the way the hook encoded it.
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
const UTF8 = new Set(['utf-8', 'utf8']);

/**
 * A 415 unless the Content-Type is application/json or text/plain, with no charset but UTF-8.
 *
 * @example
 * contentTypeRefusal('text/plain;charset=UTF-8'); // undefined
 * contentTypeRefusal('application/x-www-form-urlencoded'); // { status: 415, … }
 */
export function contentTypeRefusal(header: string | null | undefined): Refusal | undefined {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  if (!ACCEPTED_TYPES.has(type.toLowerCase())) {
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
