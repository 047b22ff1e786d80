import type { CustomDataInput, EventInput, EventName } from './types.js';
import { SEMANTIC_EVENT_NAMES, toEventName } from './wire/events.js';

export interface SemanticOptions {
  /** Your own names and the Pinterest events they become; replaces the default table. */
  mapping?: Readonly<Record<string, EventName>>;
}

type Props = Record<string, unknown>;

/**
 * An event input from a Pinterest name with Pinterest-shaped props, or from the Segment / Datafly
 * e-commerce spec ("Order Completed" with total and products[]). Unknown names become `custom`.
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
  const custom_data = pickDefined({
    currency: props.currency,
    value: props.value ?? props.total ?? props.revenue,
    order_id: props.order_id,
    search_string: props.search_string ?? props.query,
    content_ids: props.content_ids,
    contents: props.contents ?? toContents(props),
    num_items: props.num_items,
    content_name: props.content_name,
    content_category: props.content_category,
    content_brand: props.content_brand,
    opt_out_type: props.opt_out_type,
    predicted_ltv: props.predicted_ltv,
  }) as CustomDataInput;
  return Object.keys(custom_data).length > 0 ? { event_name, custom_data } : { event_name };
}

// Segment puts a cart's products in `products`, and a single product (Product Added) at the top.
function toContents(props: Props): unknown {
  if (Array.isArray(props.products)) return props.products.map(toContent);
  if (props.product_id != null || props.sku != null) return [toContent(props)];
  return undefined;
}

function toContent(product: unknown): unknown {
  if (typeof product !== 'object' || product === null) return product;
  const item = product as Props;
  return pickDefined({
    id: item.product_id ?? item.sku ?? item.id,
    item_price: item.price,
    quantity: item.quantity,
    item_name: item.name,
    item_category: item.category,
    item_brand: item.brand,
  });
}

function pickDefined(source: Props): Props {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value != null));
}
