/**
 * How the handler's development line that the visit cookies are not set ends (core's
 * `missingVisitHint`), in Express's words: Express runs middleware in the order it is mounted, so
 * a route or `express.static()` mounted before `pinterest()` answers the page without it.
 *
 * @example
 * createPinHandler({ ...options, missingVisitHint: options.missingVisitHint ?? MISSING_VISIT_HINT });
 */
export const MISSING_VISIT_HINT =
  'the middleware is not running on your pages. Mount app.use(pinterest()) (or ' +
  'pinterest.cookies()) before the routes and express.static() that serve them.';
