import Link from 'next/link';
import { SearchForm } from '@/components/search-form';
import { searchProducts } from '@/lib/products';

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string }>;
}) {
  const query = (await searchParams).q ?? '';
  const results = query ? searchProducts(query) : [];
  return (
    <>
      <h1>Search</h1>
      <SearchForm initialQuery={query} />
      {query && (
        <ul data-testid="search-results">
          {results.map((product) => (
            <li key={product.id}>
              <Link href={`/products/${product.id}`}>{product.name}</Link>
            </li>
          ))}
          {results.length === 0 && <li>No products match “{query}”.</li>}
        </ul>
      )}
    </>
  );
}
