// The API's catalog: served as JSON and used to price an order (never the browser's prices).
export const products = [
  { id: 'SKU-A', name: 'Stoneware mug', price: 24 },
  { id: 'SKU-B', name: 'Linen tea towel', price: 14.5 },
  { id: 'SKU-C', name: 'Walnut serving board', price: 58 },
];

export const findProduct = (id) => products.find((product) => product.id === id);

/**
 * Cart lines ({ id, quantity }) as Pinterest's contents and their total in USD; unknown products
 * and quantities that are not whole and positive are left out.
 */
export function priceLines(lines) {
  const contents = (Array.isArray(lines) ? lines : []).flatMap((line) => {
    const product = findProduct(line?.id);
    if (!product || !Number.isSafeInteger(line.quantity) || line.quantity < 1) return [];
    return [
      {
        id: product.id,
        item_name: product.name,
        item_price: product.price,
        quantity: line.quantity,
      },
    ];
  });
  const cents = contents.reduce(
    (sum, item) => sum + Math.round(item.item_price * 100) * item.quantity,
    0,
  );
  return { contents, value: cents / 100, currency: 'USD' };
}
