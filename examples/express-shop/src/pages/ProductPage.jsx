import { usePinterestTrack } from '@pinbridge/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { addToCart } from '../cart.js';
import { CURRENCY, findProduct, formatPrice } from '../catalog.js';
import { NotFound } from './NotFound.jsx';

export function ProductPage() {
  const product = findProduct(useParams().id);
  const track = usePinterestTrack();
  const [added, setAdded] = useState(false);
  if (!product) return <NotFound />;

  const onAdd = () => {
    addToCart(product.id);
    track('add_to_cart', {
      value: product.price,
      currency: CURRENCY,
      order_quantity: 1,
      line_items: [
        {
          product_id: product.id,
          product_name: product.name,
          product_price: product.price,
          product_quantity: 1,
          product_category: product.category,
        },
      ],
    });
    setAdded(true);
  };

  return (
    <article className="product">
      <span className="swatch large" style={{ background: product.color }} />
      <div>
        <p className="muted">{product.category}</p>
        <h1>{product.name}</h1>
        <p>{product.description}</p>
        <p className="price">{formatPrice(product.price)}</p>
        <button type="button" data-testid="add-to-cart" onClick={onAdd}>
          Add to cart
        </button>
        {added && (
          <p role="status">
            Added. <Link to="/checkout">Go to checkout</Link>
          </p>
        )}
      </div>
    </article>
  );
}
