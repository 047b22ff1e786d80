import { EVENT_NAMES, isEventName } from '@pinbridge/core/wire';

// Keys of the Conversions API's custom_data and of Segment's spec that the Tag has its own name
// for (or none): the server copy reads them, the Tag's copy would go without.
const NOT_TAG_KEYS = new Set([
  'contents',
  'content_ids',
  'num_items',
  'search_string',
  'products',
  'total',
  'revenue',
  'query',
]);

/**
 * The development warning of a `track` call the two copies would read differently: a name the
 * handler refuses (the Tag would record it as an audience event of its own), or data under names
 * only the server maps. Names keys, never values. Callers guard it with
 * `process.env.NODE_ENV !== 'production'`, so production bundles drop it and the name list.
 *
 * @example
 * if (process.env.NODE_ENV !== 'production') warnOfTrackCall(name, data);
 */
export function warnOfTrackCall(name: string, data: object = {}): void {
  if (!isEventName(name)) {
    console.warn(
      `[pinbridge] track(${JSON.stringify(name)}): not a Pinterest event name, so the server ` +
        `refuses it. Use one of ${EVENT_NAMES.join(', ')} ("custom" for any other).`,
    );
  }
  const keys = Object.keys(data).filter((key) => NOT_TAG_KEYS.has(key));
  if (keys.length > 0) {
    console.warn(
      `[pinbridge] track("${name}"): ${keys.join(', ')} reach the server copy only. The Tag reads ` +
        'its own event data: line_items, order_quantity, search_query, value, currency, order_id.',
    );
  }
}
