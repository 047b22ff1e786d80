import { isDevelopment } from '../reporter.js';
import { consentAllows } from '../wire/consent.js';
import type { WireEvent } from '../wire/event.js';
import type { PolicyOptions } from './policy.js';
import type { Visitor } from './visitor.js';

// What `pinterestVisit` mints for `_pb_pv` (crypto.randomUUID); the browser's own page-view ids
// are eight numbers joined by '-', never this shape.
const PROXY_PAGE_VIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// On globalThis, as the shared client: a dev server re-evaluates modules on every edit, and the
// line is said once per process.
const SETTLED = Symbol.for('@pinbridge/core/visit-check');
const scope = globalThis as unknown as Record<symbol, boolean | undefined>;

/** How the line ends unless an adapter says where the proxy belongs in its framework. */
const DEFAULT_MISSING_VISIT_HINT =
  'the proxy or middleware calling pinterestVisit() is not running on your pages.';

/** What the handler checks each sendable request with, in development. */
export type VisitCheck = (wires: readonly WireEvent[], visitor: Visitor) => void;

/**
 * The handler's development self-check that the proxy (or middleware) calling `pinterestVisit`
 * runs on the site's pages: without it tracking still seems to work (the browser mints page-view
 * ids, the handler sets `_pb_bid` in its answer), so nothing else would say so. It logs one
 * `console.warn` line per process, ending with `hint` (where the proxy belongs in the adapter's
 * framework).
 *
 * The rule: `pinterestVisit` sets `_pb_bid` on the page's own response, before any script runs,
 * so every post of that page carries it. A page_visit whose id the proxy did not mint, posted
 * without `_pb_bid`, is the first page view of a browser the proxy never saw. `undefined` (no
 * check) outside development, for a `hint` of `false`, and where consent is required: the proxy
 * then sets nothing until consent is granted, possibly on this very page. The check also ends,
 * silently, at the first page_visit carrying an id the proxy minted, so a visitor who deleted
 * cookies mid-visit raises no false alarm. A browser that kept `_pb_bid` from an earlier run is
 * not told apart from one the proxy saw.
 *
 * @example
 * const check = visitCheckOf(options, options.missingVisitHint);
 * check?.(wires, visitor);
 */
export function visitCheckOf(
  policy: Pick<PolicyOptions, 'consent' | 'requireConsent'>,
  hint: string | false | undefined,
): VisitCheck | undefined {
  if (hint === false || !isDevelopment()) return undefined;
  const { consent, requireConsent } = policy;
  const consentRequired =
    typeof consent === 'function' || !consentAllows(undefined, { consent, requireConsent });
  if (consentRequired) return undefined;
  const line =
    '[pinbridge] a page view reached the handler without the _pb_bid cookie the proxy sets ' +
    `when a page loads: ${hint ?? DEFAULT_MISSING_VISIT_HINT}`;
  return (wires, visitor) => {
    if (scope[SETTLED]) return;
    let missed = false;
    for (const wire of wires) {
      if (wire.name !== 'page_visit') continue;
      if (PROXY_PAGE_VIEW_ID.test(wire.event_id)) {
        scope[SETTLED] = true;
        return;
      }
      missed ||= !visitor.browserId;
    }
    if (!missed) return;
    scope[SETTLED] = true;
    console.warn(line);
  };
}
