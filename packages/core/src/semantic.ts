import type { CustomDataInput, EventInput, EventName } from './types.js';
import { SEMANTIC_EVENT_NAMES, toEventName } from './wire/events.js';

export interface SemanticOptions {
  /** Your own names and the Pinterest events they become; replaces the default table. */
  mapping?: Readonly<Record<string, EventName>>;
}

type Props = Record<string, unknown>;

/**
 * Every props key {@link fromSemanticEvent} reads, at the top level and in `line_items[]` and
 * `products[]` items, and the keys of `contents[]` items: the props vocabulary, the only props keys
 * a path or a report may write out (any other key could be a visitor's value; see
 * `unknownKeyPath`).
 */
export const PROP_KEYS: readonly string[] = [
  'currency',
  'value',
  'total',
  'revenue',
  'order_id',
  'search_string',
  'search_query',
  'query',
  'content_ids',
  'contents',
  'line_items',
  'products',
  'num_items',
  'order_quantity',
  'content_name',
  'content_category',
  'content_brand',
  'opt_out_type',
  'predicted_ltv',
  'id',
  'product_id',
  'sku',
  'price',
  'item_price',
  'product_price',
  'quantity',
  'product_quantity',
  'name',
  'item_name',
  'product_name',
  'category',
  'item_category',
  'product_category',
  'brand',
  'item_brand',
  'product_brand',
];

/** Top-level props read as money: `value` (and its Segment names), `predicted_ltv`, a single product's `price`. */
export const MONEY_PROPS = ['value', 'total', 'revenue', 'predicted_ltv', 'price'] as const;

/** The money key of the items of each props list: each becomes a content's `item_price`. */
export const MONEY_ITEM_PROPS = {
  contents: 'item_price',
  line_items: 'product_price',
  products: 'price',
} as const;

/**
 * An event input from a Pinterest name with props in one of three vocabularies: the Conversions
 * API's own `custom_data` (contents[], num_items, search_string), the Pinterest Tag's event data
 * (line_items[], order_quantity, search_query: what `usePinterestTrack()` takes, so the browser
 * passes it to the Tag unchanged) or the Segment / Datafly e-commerce spec ("Order Completed" with
 * total and products[]). Unknown names become `custom`.
 *
 * @example
 * fromSemanticEvent('Order Completed', {
 *   order_id: 'ORD-001', total: 129.99, currency: 'USD',
 *   products: [{ product_id: 'SKU-A', price: 49.99, quantity: 2 }],
 * });
 * // { event_name: 'checkout', custom_data: { value: 129.99, order_id: 'ORD-001', ... } }
 */
export function fromSemanticEvent(
  name: string,
  props: Props = {},
  options: SemanticOptions = {},
): EventInput {
  const event_name = toEventName(name, options.mapping ?? SEMANTIC_EVENT_NAMES);
  const custom_data: Props = {};
  put(custom_data, 'currency', props.currency);
  put(custom_data, 'value', props.value ?? props.total ?? props.revenue);
  put(custom_data, 'order_id', props.order_id);
  put(custom_data, 'search_string', props.search_string ?? props.search_query ?? props.query);
  put(custom_data, 'content_ids', props.content_ids);
  put(custom_data, 'contents', props.contents ?? toContents(props));
  put(custom_data, 'num_items', props.num_items ?? props.order_quantity);
  put(custom_data, 'content_name', props.content_name);
  put(custom_data, 'content_category', props.content_category);
  put(custom_data, 'content_brand', props.content_brand);
  put(custom_data, 'opt_out_type', props.opt_out_type);
  put(custom_data, 'predicted_ltv', props.predicted_ltv);
  return Object.keys(custom_data).length > 0
    ? { event_name, custom_data: custom_data as CustomDataInput }
    : { event_name };
}

// The Tag lists a cart's products in `line_items`, Segment in `products`, and Segment puts a
// single product (Product Added) at the top.
function toContents(props: Props): unknown {
  if (Array.isArray(props.line_items))
    return props.line_items.map((item) => toContent(item, 'product_'));
  if (Array.isArray(props.products)) return props.products.map((item) => toContent(item, ''));
  if (props.product_id != null || props.sku != null) return [toContent(props, '')];
  return undefined;
}

// Each list in its own vocabulary: the Tag's `product_<key>`, Segment's bare `<key>` (and its
// `sku` or `id` for the product id).
function toContent(product: unknown, prefix: 'product_' | ''): unknown {
  if (typeof product !== 'object' || product === null) return product;
  const item = product as Props;
  const content: Props = {};
  put(content, 'id', prefix ? item.product_id : (item.product_id ?? item.sku ?? item.id));
  put(content, 'item_price', item[`${prefix}price`]);
  put(content, 'quantity', item[`${prefix}quantity`]);
  put(content, 'item_name', item[`${prefix}name`]);
  put(content, 'item_category', item[`${prefix}category`]);
  put(content, 'item_brand', item[`${prefix}brand`]);
  return content;
}

// Only defined values, set one by one: this runs for every event on the handler's hot path, where
// building a full object to filter it afterwards cost a copy of each.
function put(target: Props, key: string, value: unknown): void {
  if (value != null) target[key] = value;
}
