import Link from 'next/link';
import { products } from '@/lib/products';

export default function Home() {
  return (
    <>
      <h1>Products</h1>
      <ul className="grid">
        {products.map((product) => (
          <li key={product.id}>
            <Link href={`/products/${product.id}`} data-testid={`product-${product.id}`}>
              <span className="swatch" style={{ background: product.color }} />
              <strong>{product.name}</strong>
              <span>${product.price.toFixed(2)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
