'use client';

import { usePinterestTrack } from '@pinbridge/next';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';

export function SearchForm({ initialQuery }: { initialQuery: string }) {
  const track = usePinterestTrack();
  const router = useRouter();
  const [query, setQuery] = useState(initialQuery);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    track('search', { search_query: query });
    router.push(`/search?q=${encodeURIComponent(query)}`);
  };
  return (
    <form onSubmit={onSubmit}>
      <input
        data-testid="search-input"
        name="q"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Search products"
      />
      <button type="submit">Search</button>
    </form>
  );
}
