// The shop's catalog, read by the browser (to show it) and by the server (to price an order: a
// charge never trusts the prices a browser sends).
export const CURRENCY = 'USD';

export const products = [
  {
    id: 'SKU-A',
    name: 'Stoneware mug',
    price: 24,
    category: 'Kitchen',
    color: '#c2410c',
    description: 'Wheel-thrown, glazed inside and out, 350 ml.',
  },
  {
    id: 'SKU-B',
    name: 'Linen tea towel',
    price: 14.5,
    category: 'Kitchen',
    color: '#4d7c0f',
    description: 'Washed linen that dries glass without lint.',
  },
  {
    id: 'SKU-C',
    name: 'Walnut serving board',
    price: 58,
    category: 'Kitchen',
    color: '#78350f',
    description: 'One piece of oiled walnut, 40 × 20 cm.',
  },
  {
    id: 'SKU-D',
    name: 'Beeswax candle',
    price: 19.99,
    category: 'Home',
    color: '#ca8a04',
    description: 'Hand-dipped, burns for about 30 hours.',
  },
];

export const findProduct = (id) => products.find((product) => product.id === id);

/**
 * Cart lines ({ id, quantity }) as Pinterest's contents and their total in cents-exact dollars;
 * unknown products and quantities that are not whole and positive are left out.
 */
export function priceLines(lines) {
  const contents = lines.flatMap(({ id, quantity }) => {
    const product = findProduct(id);
    if (!product || !Number.isSafeInteger(quantity) || quantity < 1) return [];
    return [{ id, item_name: product.name, item_price: product.price, quantity }];
  });
  const cents = contents.reduce(
    (sum, item) => sum + Math.round(item.item_price * 100) * item.quantity,
    0,
  );
  return { contents, value: cents / 100, currency: CURRENCY };
}

/** How many items the contents hold: the Tag's `order_quantity` (the server derives `num_items`). */
export const countItems = (contents) => contents.reduce((sum, item) => sum + item.quantity, 0);

/** Contents as the Pinterest Tag's `line_items`, the event data the browser's `track` takes. */
export const toLineItems = (contents) =>
  contents.map((item) => ({
    product_id: item.id,
    product_name: item.item_name,
    product_price: item.item_price,
    product_quantity: item.quantity,
  }));

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY });

/** A price as the shop shows it: `$24.00`. */
export const formatPrice = (value) => money.format(value);
