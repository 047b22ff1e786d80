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
  const { contents, value } = cartSummary(cart);

  const placeOrder = () => {
    const orderId = `ORD-${Date.now().toString(36).toUpperCase()}`;
    // A deterministic id: a payment webhook calling sendPinterestEvent with the same order
    // deduplicates against this browser copy.
    track(
      'checkout',
      { value, currency: 'USD', order_id: orderId, contents },
      { eventId: eventIdFor('checkout', orderId) },
    );
    clearCart();
    router.push(`/thank-you?order=${orderId}`);
  };

  return (
    <>
      <ul data-testid="cart">
        {contents.map((item) => (
          <li key={item.id}>
            {item.quantity} × {item.item_name} — ${(item.item_price * item.quantity).toFixed(2)}
          </li>
        ))}
      </ul>
      <p className="price">Total: ${value.toFixed(2)}</p>
      <button
        type="button"
        data-testid="place-order"
        disabled={!contents.length}
        onClick={placeOrder}
      >
        Place order
      </button>
    </>
  );
}
