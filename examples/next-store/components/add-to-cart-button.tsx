'use client';

import { usePinterestTrack } from '@pinbridge/next';
import { useState } from 'react';
import { addToCart } from '@/lib/cart';
import type { Product } from '@/lib/products';

export function AddToCartButton({ product }: { product: Product }) {
  const track = usePinterestTrack();
  const [added, setAdded] = useState(false);
  const onClick = () => {
    addToCart(product.id);
    track('add_to_cart', {
      value: product.price,
      currency: 'USD',
      contents: [
        { id: product.id, item_price: product.price, quantity: 1, item_name: product.name },
      ],
    });
    setAdded(true);
  };
  return (
    <button type="button" data-testid="add-to-cart" onClick={onClick}>
      {added ? 'Added ✓' : 'Add to cart'}
    </button>
  );
}
