'use client';

import { findProduct } from './products';

const KEY = 'store-cart';

export interface CartLine {
  id: string;
  quantity: number;
}

export function readCart(): CartLine[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

export function addToCart(id: string): void {
  const cart = readCart();
  const line = cart.find((item) => item.id === id);
  if (line) line.quantity += 1;
  else cart.push({ id, quantity: 1 });
  localStorage.setItem(KEY, JSON.stringify(cart));
}

export function clearCart(): void {
  localStorage.removeItem(KEY);
}

/**
 * The cart as the Pinterest Tag's line items (the event data `track` takes), its item count and
 * its total rounded to cents.
 */
export function cartSummary(cart: CartLine[]) {
  const line_items = cart.flatMap(({ id, quantity }) => {
    const product = findProduct(id);
    return product
      ? [
          {
            product_id: id,
            product_name: product.name,
            product_price: product.price,
            product_quantity: quantity,
          },
        ]
      : [];
  });
  const total = line_items.reduce(
    (sum, item) => sum + item.product_price * item.product_quantity,
    0,
  );
  const order_quantity = line_items.reduce((sum, item) => sum + item.product_quantity, 0);
  return { line_items, order_quantity, value: Math.round(total * 100) / 100 };
}
