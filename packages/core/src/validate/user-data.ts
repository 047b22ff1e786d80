import { HASHED_FIELDS } from '../user-data/rules.js';
import { arrayOf, type Check, isObject, object, string } from './checks.js';
import type { Report } from './report.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

// The schema only says "array of strings"; Pinterest's field descriptions say SHA-256 digests,
// and an unhashed email is answered per event (422), not with a 400. The value is never echoed.
const digests = arrayOf((value, path, report) => {
  if (typeof value !== 'string') return report.schema(path, 'must be a string');
  if (SHA256_HEX.test(value)) return;
  report.rule(
    path,
    /^[0-9A-F]{64}$/i.test(value)
      ? 'must be written in lowercase hex'
      : 'must be a SHA-256 digest (64 lowercase hex characters); hash the value before sending',
  );
});

const nullableString = string({ nullable: true });

// user_data is an open object in the schema: keys other than these pass.
const shape = object(
  {
    ...Object.fromEntries(HASHED_FIELDS.map((field) => [field, digests])),
    client_ip_address: string(),
    client_user_agent: string(),
    click_id: nullableString,
    partner_id: nullableString,
  },
  { closed: false },
);

const IDENTIFIERS = 'em, hashed_maids, or client_ip_address with client_user_agent';

/** Pinterest's `user_data`: hashed identifiers plus at least one way to match the person. */
export const userData: Check = (value, path, report) => {
  shape(value, path, report);
  if (isObject(value)) requireIdentifier(value, path, report);
};

function requireIdentifier(user: Record<string, unknown>, path: string, report: Report): void {
  // The schema's anyOf only asks for the keys; an empty array or string still matches nobody.
  const present = (key: string) => user[key] !== undefined;
  // A value of the wrong type was reported by the shape check already; do not report it twice.
  const filled = (key: string) => {
    const value = user[key];
    return (
      present(key) && !((Array.isArray(value) || typeof value === 'string') && value.length === 0)
    );
  };
  const satisfies = (has: (key: string) => boolean) =>
    has('em') || has('hashed_maids') || (has('client_ip_address') && has('client_user_agent'));
  if (!satisfies(present)) report.schema(path, `must contain ${IDENTIFIERS}`);
  else if (!satisfies(filled)) report.rule(path, `needs a non-empty ${IDENTIFIERS}`);
}
