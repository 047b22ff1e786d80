/**
 * How the handler's development line that the proxy is not running ends (core's
 * `missingVisitHint`), in Next's words: Next loads the file only next to app/ or pages/, so a
 * proxy.ts at the root of a src/ app is silently ignored. Both file names, since Next 16 reads
 * proxy.ts and 14.2 to 15 middleware.ts, and the handler cannot cheaply tell which Next it runs on.
 *
 * @example
 * createPinHandler({ missingVisitHint: NEXT_PROXY_HINT, ...options });
 */
export const NEXT_PROXY_HINT =
  'the proxy is not running. Next loads proxy.ts (Next 16) or middleware.ts (Next 15 and older) ' +
  'only next to app/ or pages/: with a src/ layout it belongs in src/proxy.ts (or ' +
  'src/middleware.ts), and its matcher must cover your pages.';
