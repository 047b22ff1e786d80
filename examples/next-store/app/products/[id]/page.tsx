import { notFound } from 'next/navigation';
import { AddToCartButton } from '@/components/add-to-cart-button';
import { findProduct, products } from '@/lib/products';

export const generateStaticParams = () => products.map(({ id }) => ({ id }));

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const product = findProduct((await params).id);
  if (!product) notFound();
  return (
    <article className="product">
      <span className="swatch large" style={{ background: product.color }} />
      <div>
        <h1>{product.name}</h1>
        <p>{product.category}</p>
        <p className="price">${product.price.toFixed(2)}</p>
        <AddToCartButton product={product} />
      </div>
    </article>
  );
}
