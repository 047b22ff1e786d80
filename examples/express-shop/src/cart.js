import { useSyncExternalStore } from 'react';

// The cart lives in localStorage ({ id, quantity } lines; prices come from the catalog), shared by
// every component through one small store.
const KEY = 'fieldhouse-cart';
const listeners = new Set();

function read() {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(lines) ? lines : [];
  } catch {
    return [];
  }
}

let lines = read();

function write(next) {
  lines = next;
  if (next.length) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The cart's lines, re-rendering the caller when they change. */
export const useCart = () => useSyncExternalStore(subscribe, () => lines);

export function addToCart(id) {
  const found = lines.find((line) => line.id === id);
  write(
    found
      ? lines.map((line) => (line === found ? { ...line, quantity: line.quantity + 1 } : line))
      : [...lines, { id, quantity: 1 }],
  );
}

export const clearCart = () => write([]);
