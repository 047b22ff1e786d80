import { toCount, toText } from './decimal.js';
import { PinbridgeError } from './error.js';
import { toMoney } from './money.js';
import type { Content } from './types.js';

const TEXT_KEYS = ['item_name', 'item_category', 'item_brand'] as const;

/** `custom_data.contents`: ids as strings, prices as decimal strings, quantities as integers. */
export function buildContents(input: unknown, path = 'custom_data.contents'): Content[] {
  if (!Array.isArray(input)) throw new PinbridgeError('must be an array', path);
  return input.map((item, index) => buildContent(item, `${path}[${index}]`));
}

function buildContent(item: unknown, path: string): Content {
  if (typeof item !== 'object' || item === null)
    throw new PinbridgeError('must be an object', path);
  const source = item as Record<string, unknown>;
  if (source.id === undefined || source.id === null || source.id === '') {
    throw new PinbridgeError('is required', `${path}.id`);
  }
  const content: Content = { id: toText(source.id, `${path}.id`) };
  if (source.item_price != null) {
    content.item_price = toMoney(source.item_price, `${path}.item_price`);
  }
  if (source.quantity != null) content.quantity = toCount(source.quantity, `${path}.quantity`);
  for (const key of TEXT_KEYS) {
    if (source[key] != null) content[key] = toText(source[key], `${path}.${key}`);
  }
  return content;
}
