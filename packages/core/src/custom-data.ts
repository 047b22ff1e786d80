import { buildContents } from './contents.js';
import { toCount, toText } from './decimal.js';
import { PinbridgeError } from './error.js';
import { unknownKeyPath } from './key-path.js';
import { toMoney } from './money.js';
import type { CustomData, HashOptions } from './types.js';
import { isObject } from './validate/checks.js';

const TEXT_KEYS = [
  'order_id',
  'search_string',
  'content_name',
  'content_category',
  'content_brand',
] as const;
const KNOWN_KEYS = new Set<string>([
  ...TEXT_KEYS,
  'currency',
  'value',
  'predicted_ltv',
  'content_ids',
  'contents',
  'num_items',
  'opt_out_type',
]);

/**
 * Pinterest's `custom_data` from loosely typed input: value as a string, currency uppercased,
 * content_ids and num_items derived from contents when absent. Keys the schema does not allow
 * are left out (and told to `onDrop`), since one unknown key makes Pinterest reject the request.
 */
export function buildCustomData(
  input: unknown,
  onDrop?: HashOptions['onDrop'],
): CustomData | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isObject(input)) throw new PinbridgeError('must be an object', 'custom_data');
  const source = input;
  const data: CustomData = {};
  if (source.currency != null) data.currency = toCurrency(source.currency);
  if (source.value != null) data.value = toMoney(source.value, 'custom_data.value');
  if (source.predicted_ltv != null) {
    data.predicted_ltv = toMoney(source.predicted_ltv, 'custom_data.predicted_ltv');
  }
  for (const key of TEXT_KEYS) {
    if (source[key] != null) data[key] = toText(source[key], `custom_data.${key}`);
  }
  if (source.contents != null) data.contents = buildContents(source.contents);
  const ids = source.content_ids ?? data.contents?.map((content) => content.id);
  if (ids != null) data.content_ids = toContentIds(ids);
  if (source.num_items != null) data.num_items = toCount(source.num_items, 'custom_data.num_items');
  else if (data.contents?.length) {
    data.num_items = data.contents.reduce((sum, content) => sum + (content.quantity ?? 1), 0);
  }
  if (source.opt_out_type != null) {
    if (source.opt_out_type !== 'LDP') {
      throw new PinbridgeError('the only accepted value is "LDP"', 'custom_data.opt_out_type');
    }
    data.opt_out_type = 'LDP';
  }
  const keys = Object.keys(source);
  for (let index = 0; index < keys.length; index += 1) {
    if (!KNOWN_KEYS.has(keys[index])) {
      onDrop?.({ field: unknownKeyPath('custom_data', index), reason: 'not a custom_data field' });
    }
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

function toCurrency(value: unknown): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new PinbridgeError('must be an ISO-4217 code such as "USD"', 'custom_data.currency');
  }
  return code;
}

function toContentIds(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new PinbridgeError('must be an array', 'custom_data.content_ids');
  const ids = value.map((id, index) => toText(id, `custom_data.content_ids[${index}]`));
  return [...new Set(ids)];
}
