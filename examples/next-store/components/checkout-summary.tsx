'use client';

import { eventIdFor, usePinterestTrack } from '@pinbridge/next';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type CartLine, cartSummary, clearCart, readCart } from '@/lib/cart';

export function CheckoutSummary() {
  const track = usePinterestTrack();
  const router = useRouter();
  const [cart, setCart] = useState<CartLine[]>([]);
  useEffect(() => setCart(readCart()), []);
  const { line_items, order_quantity, value } = cartSummary(cart);

  const placeOrder = () => {
    const orderId = `ORD-${Date.now().toString(36).toUpperCase()}`;
    // A deterministic id: a payment webhook calling sendPinterestEvent with the same order
    // deduplicates against this browser copy.
    track(
      'checkout',
      {
        value,
        currency: 'USD',
        order_id: orderId,
        order_quantity,
        line_items,
      },
      { eventId: eventIdFor('checkout', orderId) },
    );
    clearCart();
    router.push(`/thank-you?order=${orderId}`);
  };

  return (
    <>
      <ul data-testid="cart">
        {line_items.map((item) => (
          <li key={item.product_id}>
            {item.product_quantity} × {item.product_name} — $
            {(item.product_price * item.product_quantity).toFixed(2)}
          </li>
        ))}
      </ul>
      <p className="price">Total: ${value.toFixed(2)}</p>
      <button
        type="button"
        data-testid="place-order"
        disabled={!line_items.length}
        onClick={placeOrder}
      >
        Place order
      </button>
    </>
  );
}
