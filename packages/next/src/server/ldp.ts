import { regionFromHeaders, type VisitorRegion } from './region.js';
import type { PinterestUser } from './user.js';
import type { WireEvent } from './wire-format.js';

/** Limited Data Processing for visitors in some US states. */
export interface LdpOptions<Req> {
  /** US state codes where LDP applies, e.g. `['CA', 'CO', 'CT', 'OR', 'TX']` (`US-CA` works too). */
  states: readonly string[];
  /** Where the visitor is. Default: the platform's geo headers (Vercel, Cloudflare, CloudFront). */
  getRegion?: (
    request: Req,
  ) => VisitorRegion | null | undefined | Promise<VisitorRegion | null | undefined>;
}

/** The US state a request's visitor is in, when LDP applies there. */
export interface LdpState {
  country: 'US';
  state: string;
}

/**
 * The state whose LDP rules apply to this visitor, or `undefined`. Only a US region counts:
 * the same two letters name subdivisions of many countries.
 *
 * @example
 * await ldpStateOf(request, request.headers, { states: ['CA'] }); // { country: 'US', state: 'CA' }
 */
export async function ldpStateOf<Req>(
  request: Req,
  headers: Headers,
  ldp: LdpOptions<Req> | undefined,
): Promise<LdpState | undefined> {
  if (!ldp || ldp.states.length === 0) return undefined;
  const where = ldp.getRegion ? await ldp.getRegion(request) : regionFromHeaders(headers);
  if (where?.country?.trim().toUpperCase() !== 'US' || !where.region) return undefined;
  const state = where.region.trim().toUpperCase().replace(/^US-/, '');
  const states = ldp.states.map((entry) => entry.trim().toUpperCase().replace(/^US-/, ''));
  return states.includes(state) ? { country: 'US', state } : undefined;
}

/**
 * One event's props and user with LDP applied: `opt_out_type` `LDP`, and the state and country
 * (hashed by core, like every identifier) as the user's. The state that triggered LDP wins over
 * any other, so Pinterest applies the rules that were meant.
 *
 * @example
 * const { props, user } = withLdp(event.props, signedIn, { country: 'US', state: 'CA' });
 */
export function withLdp(
  props: Record<string, unknown> | undefined,
  user: PinterestUser | null | undefined,
  where: LdpState,
): { props: Record<string, unknown>; user: PinterestUser } {
  return {
    props: { ...props, opt_out_type: 'LDP' },
    user: { ...user, state: where.state, country: where.country },
  };
}

/**
 * A batch of wire events and their user with LDP applied (see {@link withLdp}).
 *
 * @example
 * const { events, user } = applyLdp(parsed.events, signedIn, { country: 'US', state: 'CA' });
 */
export function applyLdp(
  events: readonly WireEvent[],
  user: PinterestUser | null | undefined,
  where: LdpState,
): { events: WireEvent[]; user: PinterestUser } {
  return {
    events: events.map((event) => ({ ...event, props: withLdp(event.props, user, where).props })),
    user: withLdp(undefined, user, where).user,
  };
}
