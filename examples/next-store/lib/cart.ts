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

/** The cart as Pinterest contents, and its total rounded to cents. */
export function cartSummary(cart: CartLine[]) {
  const contents = cart.flatMap(({ id, quantity }) => {
    const product = findProduct(id);
    return product ? [{ id, item_price: product.price, quantity, item_name: product.name }] : [];
  });
  const total = contents.reduce((sum, item) => sum + item.item_price * item.quantity, 0);
  return { contents, value: Math.round(total * 100) / 100 };
}
