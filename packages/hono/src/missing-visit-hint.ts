/**
 * How the handler's development line that the visit cookies are not set ends (core's
 * `missingVisitHint`), in Hono's words: Hono runs handlers in the order they are added, so a page
 * route (or `serveStatic()`) added before `pinterest()` answers without it.
 *
 * @example
 * createPinHandler({ ...options, missingVisitHint: options.missingVisitHint ?? MISSING_VISIT_HINT });
 */
export const MISSING_VISIT_HINT =
  'the middleware is not running on your pages. app.use(pinterest()) must come before the ' +
  'routes and serveStatic() that serve them.';
