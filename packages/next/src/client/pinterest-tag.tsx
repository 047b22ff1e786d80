'use client';

import {
  PinterestTag as ReactPinterestTag,
  type PinterestTagProps as ReactPinterestTagProps,
} from '@pinbridge/react';
import { usePathname, useSearchParams } from 'next/navigation.js';
import { Suspense } from 'react';

/** Props of the Next.js {@link PinterestTag}: those of @pinbridge/react's, with Next-aware defaults. */
export type PinterestTagProps = Omit<ReactPinterestTagProps, 'page'>;

function RoutedTag({ tagId, src, endpoint, ...props }: PinterestTagProps) {
  const pathname = usePathname();
  const search = useSearchParams()?.toString();
  return (
    <ReactPinterestTag
      {...props}
      // Next inlines `process.env.NEXT_PUBLIC_…` only where it is spelled out literally. The
      // PINBRIDGE values come from withPinterest (basePath included); without it, pass `src` or
      // the tag loads from Pinterest, and events go to /api/pin.
      tagId={tagId ?? (process.env.NEXT_PUBLIC_PINTEREST_TAG_ID || undefined)}
      src={src ?? (process.env.NEXT_PUBLIC_PINBRIDGE_TAG_PATH || undefined)}
      endpoint={endpoint ?? (process.env.NEXT_PUBLIC_PINBRIDGE_ENDPOINT || undefined)}
      page={search ? `${pathname}?${search}` : (pathname ?? undefined)}
    />
  );
}

/**
 * The Pinterest Tag for the App Router: put it once in the root layout. It loads the script from
 * your origin (via withPinterest), reads NEXT_PUBLIC_PINTEREST_TAG_ID, and records a page view on
 * the first load and on every client navigation, sharing each page view's event_id with the
 * server. It sits in its own Suspense boundary because reading the query string would otherwise
 * make every page render dynamically.
 *
 * @example
 * // app/layout.tsx
 * import { PinterestTag } from '@pinbridge/next';
 *
 * export default function RootLayout({ children }: { children: React.ReactNode }) {
 *   return (
 *     <html lang="en">
 *       <body>
 *         {children}
 *         <PinterestTag requireConsent />
 *       </body>
 *     </html>
 *   );
 * }
 */
export function PinterestTag(props: PinterestTagProps) {
  return (
    <Suspense fallback={null}>
      <RoutedTag {...props} />
    </Suspense>
  );
}
