'use client';

import {
  PinterestTag as ReactPinterestTag,
  type PinterestTagProps as ReactPinterestTagProps,
} from '@pinbridge/react';
import { useRouter as usePagesRouter } from 'next/compat/router.js';
import { usePathname, useSearchParams } from 'next/navigation.js';
import { createElement, Suspense } from 'react';
import { warnMissingTagId } from './warn-missing-tag-id.js';

/** Props of the Next.js {@link PinterestTag}: those of @pinbridge/react's, with Next-aware defaults. */
export type PinterestTagProps = Omit<ReactPinterestTagProps, 'page'>;

function RoutedTag(props: PinterestTagProps) {
  const pathname = usePathname();
  const search = useSearchParams()?.toString();
  // A Pages Router (Next 14.2 to 16) hydrates a static page before it has read the query: until
  // it is ready the hooks above say `/` for `/?epik=…`, and passing that on would count the
  // landing twice. Until then the tag reads the page from the browser's location.
  const routed = usePagesRouter()?.isReady !== false;
  // Next inlines `process.env.NEXT_PUBLIC_…` only where it is spelled out literally.
  // NEXT_PUBLIC_PINBRIDGE is withPinterest's JSON of props (`src` and `endpoint`, basePath
  // included; the consent rule the proxy and the handler also read); without it, pass `src` or
  // the tag loads from Pinterest, and events go to /api/pin.
  const tagProps: ReactPinterestTagProps & Record<string, unknown> = {
    tagId: process.env.NEXT_PUBLIC_PINTEREST_TAG_ID,
    ...(JSON.parse(process.env.NEXT_PUBLIC_PINBRIDGE || '{}') as ReactPinterestTagProps),
  };
  // Each prop given wins over its default; one given as undefined leaves the default.
  for (const [key, value] of Object.entries(props)) if (value !== undefined) tagProps[key] = value;
  if (process.env.NODE_ENV !== 'production' && !tagProps.tagId) warnMissingTagId();
  if (routed) tagProps.page = search ? `${pathname}?${search}` : (pathname ?? undefined);
  // createElement rather than JSX: no react/jsx-runtime import in the page's bundle.
  return createElement(ReactPinterestTag, tagProps);
}

/**
 * The Pinterest Tag for the App Router: put it once in the root layout. It loads the script from
 * your origin (via withPinterest), reads NEXT_PUBLIC_PINTEREST_TAG_ID, and records a page view on
 * the first load and on every client navigation, sharing each page view's event_id with the
 * server. Without `consent` / `requireConsent` props it follows the consent rule given to
 * `withPinterest(config, { consent, requireConsent })`, the one the proxy and the handler apply,
 * so the browser and the server decide alike. It sits in its own Suspense boundary because
 * reading the query string would otherwise make every page render dynamically. In development,
 * a page built without NEXT_PUBLIC_PINTEREST_TAG_ID (and no `tagId` prop) warns once in the
 * browser console: the variable is inlined at build time.
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
  return createElement(Suspense, null, createElement(RoutedTag, props));
}
