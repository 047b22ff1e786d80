import type { NextConfig } from 'next';

type RewritesResult = Awaited<ReturnType<NonNullable<NextConfig['rewrites']>>>;

/** One entry of next.config `rewrites`. */
export type Rewrite = Extract<RewritesResult, readonly unknown[]>[number];

/**
 * The config's `rewrites` with `rule` first in `beforeFiles`, whatever form the user's function
 * returns (nothing, an array, or the `{ beforeFiles, afterFiles, fallback }` object). beforeFiles
 * runs before pages and `public/`, so no catch-all route can shadow the script.
 *
 * @example
 * config.rewrites = withRewrite(config.rewrites, { source: '/_pb/t.js', destination: 'https://s.pinimg.com/ct/core.js' });
 */
export function withRewrite(
  rewrites: NextConfig['rewrites'],
  rule: Rewrite,
): NonNullable<NextConfig['rewrites']> {
  return async () => {
    const existing = await rewrites?.();
    if (existing === undefined) return { beforeFiles: [rule], afterFiles: [], fallback: [] };
    // An array means afterFiles (Next's own reading of the short form).
    if (Array.isArray(existing)) return { beforeFiles: [rule], afterFiles: existing, fallback: [] };
    const {
      beforeFiles = [],
      afterFiles = [],
      fallback = [],
    } = existing as Exclude<RewritesResult, readonly unknown[]>;
    return { beforeFiles: [rule, ...beforeFiles], afterFiles, fallback };
  };
}
