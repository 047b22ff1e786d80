/**
 * How the handler's development line that the visit cookies are not set ends (core's
 * `missingVisitHint`), in Fastify's words. The cookies are set in the plugin's `onRequest` hook,
 * which reaches every route of the context it is registered in, those declared before it too,
 * but none outside: registered inside another plugin, it misses the app's own pages.
 *
 * @example
 * createPinHandler({ ...options, missingVisitHint: options.missingVisitHint ?? MISSING_VISIT_HINT });
 */
export const MISSING_VISIT_HINT =
  "the plugin's onRequest hook is not running on your pages. Register it where they are " +
  'served: app.register(pinterest) on the app itself, or in the plugin holding your page ' +
  "routes; inside another plugin it covers only that plugin's routes.";
