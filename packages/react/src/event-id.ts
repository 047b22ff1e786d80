/**
 * A fresh, unguessable event_id: 128 bits from `crypto.getRandomValues` (available on plain-http
 * pages too, unlike `randomUUID`), as eight 16-bit numbers joined by `-`: 15 to 47 characters of
 * `[0-9-]`, so always within the wire's `EVENT_ID` rule, and the separators keep it one-to-one.
 */
export const randomEventId = (): string => crypto.getRandomValues(new Uint16Array(8)).join('-');
