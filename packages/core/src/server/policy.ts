import { type ConsentCookie, consentAllows } from '../wire/consent.js';
import { COOKIE_NAMES } from '../wire/cookies.js';
import { errorName } from './errors.js';

/**
 * Lowercase fragments of crawler user agents whose events pinbridge accepts but never forwards:
 * a crawler that renders JavaScript (Googlebot, Bingbot…) runs the hook like a visitor would,
 * and its page views are not conversions. Pinterest's crawler is matched by `pinterestbot` and
 * its bot page, never by `pinterest` alone: the Pinterest app's in-app browser, where ad clicks
 * land, says `[Pinterest/iOS]`. `HeadlessChrome` is left out on purpose: end-to-end tests (and
 * some real visitors' tools) run headless Chromium; add it if you want it.
 */
export const DEFAULT_BOT_USER_AGENTS: readonly string[] = [
  'pinterestbot',
  'pinterest.com/bot',
  'googlebot',
  'bingbot',
  'yandex.com/bots',
  'baiduspider',
  'duckduckbot',
  'slurp',
  'facebookexternalhit',
  'ahrefsbot',
  'semrushbot',
  'mj12bot',
  'petalbot',
  'applebot',
  'bytespider',
  'gptbot',
  'claudebot',
  'ccbot',
  'python-requests/',
  'curl/',
  'wget/',
];

/** Which user agents count as bots: a RegExp, lowercase-insensitive fragments, or `false` for none. */
export type BotUserAgents = RegExp | readonly string[] | false;

/**
 * A test for bot user agents. A RegExp is copied without its `g`/`y` flags, whose `lastIndex`
 * would make every other call miss.
 *
 * @example
 * const isBot = botMatcher([...DEFAULT_BOT_USER_AGENTS, 'headlesschrome']);
 * isBot('Mozilla/5.0 (compatible; Googlebot/2.1)'); // true
 */
export function botMatcher(
  option: BotUserAgents = DEFAULT_BOT_USER_AGENTS,
): (userAgent: string | undefined) => boolean {
  if (option === false) return () => false;
  if (option instanceof RegExp) {
    const pattern = new RegExp(option.source, option.flags.replace(/[gy]/g, ''));
    return (userAgent) => !!userAgent && pattern.test(userAgent);
  }
  const fragments = option
    .filter(Boolean)
    .map((fragment) => fragment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  if (fragments.length === 0) return () => false;
  // One case-insensitive pass over the user agent instead of a lowercased copy and a scan per fragment.
  const pattern = new RegExp(fragments.join('|'), 'i');
  return (userAgent) => !!userAgent && pattern.test(userAgent);
}

/**
 * How the server decides consent, whatever the browser claims: a cookie (name and values), or
 * your own function of the request, e.g. one that reads your CMP's cookie or the signed-in user's
 * settings.
 */
export type ConsentOption = ConsentCookie | ((request: Request) => boolean | Promise<boolean>);

/** Where a visitor is, as ISO 3166 codes: `US` and a subdivision such as `CA`. */
export interface VisitorRegion {
  country?: string;
  region?: string;
}

/** Limited Data Processing for visitors in some US states. */
export interface LdpOptions {
  /** US state codes where LDP applies, e.g. `['CA', 'CO', 'CT', 'OR', 'TX']` (`US-CA` works too). */
  states: readonly string[];
  /** Where the visitor is. Default: the platform's geo headers (Vercel, Cloudflare, CloudFront). */
  getRegion?: (
    request: Request,
  ) => VisitorRegion | null | undefined | Promise<VisitorRegion | null | undefined>;
}

/** The US state a request's visitor is in, when LDP applies there. */
export interface LdpState {
  country: 'US';
  state: string;
}

// Country and subdivision headers hosting platforms add from the client IP. Each platform
// overwrites its own on the way in; anywhere else a client could send them, which is why `ldp`
// takes a `getRegion` of your own.
const PLATFORM_HEADERS: readonly [country: string, region: string][] = [
  ['x-vercel-ip-country', 'x-vercel-ip-country-region'],
  // Cloudflare adds cf-region-code with the "Add visitor location headers" managed transform.
  ['cf-ipcountry', 'cf-region-code'],
  ['cloudfront-viewer-country', 'cloudfront-viewer-country-region'],
];

/**
 * The visitor's country and region from the first platform whose headers are present
 * (Vercel, Cloudflare, CloudFront), or `undefined`.
 */
function regionFromHeaders(headers: Headers): VisitorRegion | undefined {
  for (const [countryHeader, regionHeader] of PLATFORM_HEADERS) {
    const country = headers.get(countryHeader)?.trim();
    if (!country) continue;
    const region = headers.get(regionHeader)?.trim();
    return region ? { country, region } : { country };
  }
  return undefined;
}

const stateCode = (entry: string) => entry.trim().toUpperCase().replace(/^US-/, '');

/** Pinterest refuses events older than 7 days. */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 7 * 24 * 60 * 60;

// An event clamped to exactly the limit would be past it by the time it reaches Pinterest; the
// margin covers batching, retries and clock drift between this server and Pinterest's.
const DELIVERY_MARGIN_MS = 10 * 60 * 1000;

/**
 * The time window events are clamped into: `[now - maxAge + 10 min, now]`. Clamped, not
 * refused: a visitor's clock that runs fast or slow does not make their purchase less real, and
 * a wrong-by-days time is still better sent as "now" or "7 days ago" than lost.
 *
 * @example
 * clampTime(Date.now() + 86_400_000, Date.now(), 604_800); // now
 */
export function clampTime(timeMs: number, nowMs: number, maxAgeSeconds: number): number {
  const oldest = nowMs - Math.max(0, maxAgeSeconds * 1000 - DELIVERY_MARGIN_MS);
  return Math.min(Math.max(timeMs, oldest), nowMs);
}

/** How a clamped time is reported: the browser's (or caller's) value was replaced. */
export const CLAMPED_TIME = {
  message: 'event_time outside Pinterest’s window; clamped',
  field: 'event_time',
  reason: 'outside [now - maxEventAgeSeconds, now]; clamped',
} as const;

/** The policy options the handler and `sendPinterestEvent` share. */
export interface PolicyOptions {
  /**
   * Send only for visitors who granted consent. Default `false` (an explicit refusal always stops
   * the events), or `true` when `consent` names a cookie.
   */
  requireConsent?: boolean;
  /**
   * How the server reads consent, whatever the browser claims: the cookie and its values, or a
   * function that decides alone. Default `{ cookie: '_pb_consent', granted: ['granted'], denied: ['denied'] }`.
   *
   * @example
   * consent: { cookie: 'cookie_consent', granted: ['all', 'marketing'] }
   * consent: (request) => request.headers.get('cookie')?.includes('OptanonConsent=groups=C0004:1') ?? false
   */
  consent?: ConsentOption;
  /**
   * Limited Data Processing: visitors in these US states get `opt_out_type: 'LDP'` and their
   * hashed state and country on every event. Default: off.
   *
   * @example
   * ldp: { states: ['CA', 'CO', 'CT', 'OR', 'TX'] }
   */
  ldp?: LdpOptions;
}

/** What the policy decided for one request's events. */
export type Verdict =
  | { send: true; ldp?: LdpState }
  | { send: false; reason: 'consent' | 'ldp'; failed?: string };

/**
 * Whether a request's events may be sent, and under which rules. Consent first: a function
 * decides alone; a cookie configuration requires consent unless `requireConsent: false` says
 * otherwise (configuring a consent cookie means you want it honoured); without one, `_pb_consent`
 * counts, required only when `requireConsent` is true, and `denied` always stops the events.
 * Then LDP: the state whose rules apply (only a US region counts: the same two letters name
 * subdivisions of many countries). A callback that throws fails closed: nothing is sent, and
 * `failed` names what threw (never its message, which may quote a value). Synchronous unless a
 * callback is configured: the common case costs the request no promise.
 *
 * @example
 * const verdict = await decidePolicy(request, visitor.cookies, { ldp: { states: ['CA'] } });
 * if (!verdict.send) return skipped(verdict.reason);
 */
export function decidePolicy(
  request: Request,
  cookies: ReadonlyMap<string, string>,
  options: PolicyOptions,
): Verdict | Promise<Verdict> {
  const { consent, ldp } = options;
  if (typeof consent === 'function' || ldp?.getRegion) {
    return decideWithCallbacks(request, cookies, options);
  }
  if (!cookieConsent(cookies, options)) return { send: false, reason: 'consent' };
  return ldpVerdict(ldp, ldp ? regionFromHeaders(request.headers) : undefined);
}

function cookieConsent(cookies: ReadonlyMap<string, string>, options: PolicyOptions): boolean {
  const consent = typeof options.consent === 'function' ? undefined : options.consent;
  return consentAllows(cookies.get(consent?.cookie ?? COOKIE_NAMES.consent), {
    consent,
    requireConsent: options.requireConsent,
  });
}

async function decideWithCallbacks(
  request: Request,
  cookies: ReadonlyMap<string, string>,
  options: PolicyOptions,
): Promise<Verdict> {
  const { consent, ldp } = options;
  try {
    const granted =
      typeof consent === 'function'
        ? (await consent(request)) === true
        : cookieConsent(cookies, options);
    if (!granted) return { send: false, reason: 'consent' };
  } catch (error) {
    return { send: false, reason: 'consent', failed: `consent threw ${errorName(error)}` };
  }
  if (!ldp?.getRegion) return ldpVerdict(ldp, ldp ? regionFromHeaders(request.headers) : undefined);
  try {
    return ldpVerdict(ldp, await ldp.getRegion(request));
  } catch (error) {
    // LDP could not be ruled out, so nothing is sent.
    return { send: false, reason: 'ldp', failed: `ldp.getRegion threw ${errorName(error)}` };
  }
}

function ldpVerdict(ldp: LdpOptions | undefined, where: VisitorRegion | null | undefined): Verdict {
  if (!ldp || ldp.states.length === 0) return { send: true };
  if (where?.country?.trim().toUpperCase() !== 'US' || !where.region) return { send: true };
  const state = stateCode(where.region);
  return ldp.states.some((entry) => stateCode(entry) === state)
    ? { send: true, ldp: { country: 'US', state } }
    : { send: true };
}
