import { eventIdFor } from '@pinbridge/core/wire';
import { usePinterestTrack } from '@pinbridge/react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { clearCart, useCart } from '../cart.js';
import { countItems, formatPrice, priceLines, toLineItems } from '../catalog.js';

// The payment provider's API (simulated by the server; see server/payment-provider.js).
const CHARGES = '/payment-provider/charges';

export function Checkout() {
  const lines = useCart();
  const track = usePinterestTrack();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [state, setState] = useState({ paying: false, error: '' });
  const { contents, value } = priceLines(lines);

  const pay = async (event) => {
    event.preventDefault();
    setState({ paying: true, error: '' });
    const response = await fetch(CHARGES, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, items: lines }),
    }).catch(() => undefined);
    if (!response?.ok) {
      setState({ paying: false, error: 'The payment did not go through. Please try again.' });
      return;
    }
    const { order } = await response.json();
    // The provider's webhook sends this checkout from the server too, with this same id:
    // Pinterest receives two copies and counts one.
    track(
      'checkout',
      {
        value: order.value,
        currency: order.currency,
        order_id: order.id,
        order_quantity: countItems(order.contents),
        line_items: toLineItems(order.contents),
      },
      { eventId: eventIdFor('checkout', order.id), user: { em: email } },
    );
    clearCart();
    navigate(`/orders/${order.id}`);
  };

  if (contents.length === 0) {
    return (
      <>
        <h1>Your cart is empty</h1>
        <Link to="/">Browse the shop</Link>
      </>
    );
  }
  return (
    <>
      <h1>Checkout</h1>
      <ul className="lines" data-testid="cart">
        {contents.map((item) => (
          <li key={item.id}>
            <span>
              {item.quantity} × {item.item_name}
            </span>
            <span>{formatPrice(item.item_price * item.quantity)}</span>
          </li>
        ))}
      </ul>
      <p className="price">Total {formatPrice(value)}</p>
      <form className="pay" onSubmit={pay}>
        <label>
          Email for the receipt
          <input
            type="email"
            required
            autoComplete="email"
            data-testid="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <button type="submit" data-testid="pay" disabled={state.paying}>
          {state.paying ? 'Paying…' : `Pay ${formatPrice(value)}`}
        </button>
        {state.error && <p role="alert">{state.error}</p>}
      </form>
    </>
  );
}
