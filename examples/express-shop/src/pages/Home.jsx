import { Link } from 'react-router';
import { formatPrice, products } from '../catalog.js';

export function Home() {
  return (
    <>
      <h1>Kitchen and home, made to last</h1>
      <ul className="grid">
        {products.map((product) => (
          <li key={product.id}>
            <Link to={`/products/${product.id}`} data-testid={`product-${product.id}`}>
              <span className="swatch" style={{ background: product.color }} />
              <strong>{product.name}</strong>
              <span className="muted">{product.category}</span>
              <span>{formatPrice(product.price)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
