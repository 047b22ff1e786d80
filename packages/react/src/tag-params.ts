type Props = Record<string, unknown>;

/**
 * The Pinterest Tag's event data for props in either shape core accepts: Pinterest's
 * (value, contents[{ id, item_price, ... }], content_ids, search_string, num_items) or Segment's
 * (total / revenue, products[{ product_id | sku | id, price, ... }], query). Mirrors core's
 * `fromSemanticEvent`, so the Tag and the Conversions API copy describe the same conversion.
 *
 * @example
 * tagParams({ total: 129.99, currency: 'USD', products: [{ sku: 'SKU-A', price: 49.99, quantity: 2 }] });
 * // { value: 129.99, currency: 'USD', order_quantity: 2,
 * //   line_items: [{ product_id: 'SKU-A', product_price: 49.99, product_quantity: 2 }] }
 */
export function tagParams(props: Props = {}): Props {
  const items = (props.contents ??
    props.products ??
    ((props.product_id ?? props.sku) != null
      ? [props]
      : (props.content_ids as unknown[] | undefined)?.map((id) => ({ id })))) as
    | Props[]
    | undefined;
  let quantity: number | undefined;
  const line_items = items?.map((item) => {
    // Each Tag field `product_<key>` comes from the Tag's own name, Pinterest's `item_<key>`
    // (Segment's `sku` for the id) or the bare `<key>` both shapes use: a loop keeps this small.
    const line = defined(
      Object.fromEntries(
        ['id', 'price', 'quantity', 'name', 'category', 'brand'].map((key) => [
          `product_${key}`,
          item[`product_${key}`] ?? item[key === 'id' ? 'sku' : `item_${key}`] ?? item[key],
        ]),
      ),
    );
    if (typeof line.product_quantity === 'number')
      quantity = (quantity ?? 0) + line.product_quantity;
    return line;
  });
  return defined({
    value: props.value ?? props.total ?? props.revenue,
    currency: props.currency,
    order_id: props.order_id,
    order_quantity: props.num_items ?? quantity,
    search_query: props.search_string ?? props.query,
    line_items,
  });
}

// The Tag serialises every key into its pixel URL, so absent values must not appear as "undefined".
const defined = (source: Props): Props =>
  Object.fromEntries(Object.entries(source).filter(([, value]) => value != null));
