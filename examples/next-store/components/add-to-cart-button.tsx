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
    <button type="button" data-testid="add-to-cart" onClick={onClick}>
      {added ? 'Added ✓' : 'Add to cart'}
    </button>
  );
}
