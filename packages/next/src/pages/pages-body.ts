import type { NextApiRequest } from 'next';
import type { RawBody } from '../server/decode-body.js';
import type { Refusal } from '../server/refusal.js';
import { readNodeBody } from './read-node-body.js';

/**
 * The body of a Pages Router request, whichever way the route is configured. With
 * `bodyParser: false` (recommended) `req.body` is undefined and the raw stream is read here with
 * every check: the byte count while reading and strict UTF-8. With Next's parser on, it already
 * read up to 1 MB and decoded it leniently, so only its result can be checked: a text/plain
 * beacon arrives as text, JSON as a parsed value (measured by its JSON size).
 *
 * @example
 * const raw = await pagesBody(req, 16 * 1024);
 */
export function pagesBody(req: NextApiRequest, maxBytes: number): Promise<RawBody | Refusal> {
  if (req.body === undefined) return readNodeBody(req, maxBytes);
  if (typeof req.body === 'string') return Promise.resolve({ text: req.body });
  return Promise.resolve({ parsed: req.body });
}
