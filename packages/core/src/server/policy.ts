import { PinbridgeError } from '../error.js';
import { type ConsentCookie, consentAllows } from '../wire/consent.js';
import { COOKIE_NAMES } from '../wire/cookies.js';
import { errorName } from './errors.js';
import { type HeaderReader, type IncomingRequest, webRequestOf } from './pin-request.js';

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

/**
 * Limited Data Processing for a request's events: the flag, with the visitor's US state and
 * country when known (a listed state always is; Global Privacy Control flags a visitor wherever
 * they are, so the region may be missing).
 */
export interface LdpState {
  country?: 'US';
  state?: string;
}

/**
 * What the events of a visitor whose browser sends Global Privacy Control (`Sec-GPC: 1`, an
 * opt-out of sale and sharing) get: `'ldp'` Limited Data Processing, `'drop'` not sent at all,
 * `'ignore'` nothing special.
 */
export type GpcOption = 'ldp' | 'drop' | 'ignore';

const GPC_OPTIONS: readonly unknown[] = ['ldp', 'drop', 'ignore'] satisfies GpcOption[];

/**
 * Checks a `gpc` option: anything but `'ldp'`, `'drop'`, `'ignore'` or `undefined` throws a
 * PinbridgeError (`invalid_config`) naming `path`.
 *
 * @example
 * assertGpcOption(options.gpc, 'gpc');
 */
export function assertGpcOption(value: unknown, path: string): void {
  if (value !== undefined && !GPC_OPTIONS.includes(value)) {
    throw new PinbridgeError("must be 'ldp', 'drop' or 'ignore'", path, 'invalid_config');
  }
}

// The whole signal, by the GPC specification: the header, with the value 1.
const sendsGpc = (request: IncomingRequest) => request.headers.get('sec-gpc')?.trim() === '1';

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
function regionFromHeaders(headers: HeaderReader): VisitorRegion | undefined {
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
  /**
   * Visitors whose browser sends Global Privacy Control (`Sec-GPC: 1`): `'ldp'` flags their
   * events for Limited Data Processing (with their hashed state and country when the region is
   * known, as for `ldp`), `'drop'` sends none (202 `skipped: 'gpc'`), `'ignore'` does neither.
   * Default `'ldp'`.
   */
  gpc?: GpcOption;
}

/**
 * What a visitor's consent says: `granted`; `refused`, an explicit no (a `denied` value of the
 * cookie, or your function's answer); or `pending`, no choice the rule can read (consent
 * required, and no cookie or a value neither granted nor denied).
 */
export type ConsentState = 'granted' | 'refused' | 'pending';

/** The reasons events are accepted and not sent, as the policy decides them. */
export type PolicyReason = 'consent' | 'ldp' | 'gpc';

/**
 * What the policy decided for one request's events. `refused`: consent was refused outright, so
 * the visitor is forgotten (see `carriedVisitorIds`).
 */
export type Verdict =
  | { send: true; ldp?: LdpState }
  | { send: false; reason: PolicyReason; failed?: string; refused?: boolean };

const NOT_SENT: Readonly<Record<PolicyReason, string>> = {
  consent: 'no consent',
  ldp: 'LDP could not be ruled out',
  gpc: 'Global Privacy Control opt-out (Sec-GPC: 1)',
};

/**
 * The report message of events the policy held back.
 *
 * @example
 * notSentMessage('gpc'); // 'Global Privacy Control opt-out (Sec-GPC: 1); not sent'
 */
export const notSentMessage = (reason: PolicyReason): string => `${NOT_SENT[reason]}; not sent`;

/**
 * What a visitor's consent says, by the cookie rule (see {@link PolicyOptions.consent}) or a
 * synchronous consent function, whose `true` grants and anything else refuses.
 *
 * @example
 * if (consentStateOf(request, cookies, options) === 'refused') forget();
 */
export function consentStateOf(
  request: IncomingRequest,
  cookies: ReadonlyMap<string, string>,
  options: { consent?: ConsentCookie | ((request: Request) => boolean); requireConsent?: boolean },
): ConsentState {
  const { consent } = options;
  if (typeof consent === 'function') {
    return consent(webRequestOf(request)) === true ? 'granted' : 'refused';
  }
  const value = cookies.get(consent?.cookie ?? COOKIE_NAMES.consent);
  if (consentAllows(value, { consent, requireConsent: options.requireConsent })) return 'granted';
  // Read as if consent were not required, only a refusal still stops it (as the browser reads it).
  return consentAllows(value, { consent, requireConsent: false }) ? 'pending' : 'refused';
}

const notGranted = (state: ConsentState): Verdict =>
  state === 'refused'
    ? { send: false, reason: 'consent', refused: true }
    : { send: false, reason: 'consent' };

/**
 * Whether a request's events may be sent, and under which rules. Consent first: a function
 * decides alone; a cookie configuration requires consent unless `requireConsent: false` says
 * otherwise (configuring a consent cookie means you want it honoured); without one, `_pb_consent`
 * counts, required only when `requireConsent` is true, and `denied` always stops the events.
 * Then {@link privacyVerdict}: Global Privacy Control and LDP. A callback that throws fails
 * closed: nothing is sent, and `failed` names what threw (never its message, which may quote a
 * value). Synchronous unless a callback is configured: the common case costs the request no
 * promise.
 *
 * @example
 * const verdict = await decidePolicy(request, visitor.cookies, { ldp: { states: ['CA'] } });
 * if (!verdict.send) return skipped(verdict.reason);
 */
export function decidePolicy(
  request: IncomingRequest,
  cookies: ReadonlyMap<string, string>,
  options: PolicyOptions,
): Verdict | Promise<Verdict> {
  const { consent } = options;
  if (typeof consent === 'function') return decideWithConsentFunction(request, consent, options);
  const state = consentStateOf(request, cookies, {
    consent,
    requireConsent: options.requireConsent,
  });
  return state === 'granted' ? privacyVerdict(request, options) : notGranted(state);
}

async function decideWithConsentFunction(
  request: IncomingRequest,
  consent: (request: Request) => boolean | Promise<boolean>,
  options: PolicyOptions,
): Promise<Verdict> {
  let state: ConsentState;
  try {
    state = (await consent(webRequestOf(request))) === true ? 'granted' : 'refused';
  } catch (error) {
    // Not a refusal: the visitor's choice is unknown, so nothing is sent and nothing forgotten.
    return { send: false, reason: 'consent', failed: `consent threw ${errorName(error)}` };
  }
  return state === 'granted' ? privacyVerdict(request, options) : notGranted(state);
}

/**
 * The rules the events of a consenting visitor go out under. Global Privacy Control first: with
 * `Sec-GPC: 1` and `gpc: 'drop'` nothing is sent; with `'ldp'` (the default) the events are
 * flagged. Then LDP: a visitor in a listed state is flagged too (only a US region counts: the
 * same two letters name subdivisions of many countries). A flagged event carries the visitor's
 * US state and country when the region is known: from `ldp.getRegion`, else the platform's geo
 * headers. Synchronous unless `ldp.getRegion` is configured.
 *
 * @example
 * const verdict = await privacyVerdict(request, { gpc: 'ldp' });
 */
export function privacyVerdict(
  request: IncomingRequest,
  options: Pick<PolicyOptions, 'ldp' | 'gpc'>,
): Verdict | Promise<Verdict> {
  const { ldp, gpc = 'ldp' } = options;
  const optedOut = gpc !== 'ignore' && sendsGpc(request);
  if (optedOut && gpc === 'drop') return { send: false, reason: 'gpc' };
  if (ldp?.getRegion) return ldpWithRegion(request, ldp.getRegion, ldp, optedOut);
  const where = ldp || optedOut ? regionFromHeaders(request.headers) : undefined;
  return ldpVerdict(ldp, optedOut, where);
}

async function ldpWithRegion(
  request: IncomingRequest,
  getRegion: NonNullable<LdpOptions['getRegion']>,
  ldp: LdpOptions,
  optedOut: boolean,
): Promise<Verdict> {
  try {
    return ldpVerdict(ldp, optedOut, await getRegion(webRequestOf(request)));
  } catch (error) {
    // LDP could not be ruled out (nor, under GPC, the state found), so nothing is sent.
    return { send: false, reason: 'ldp', failed: `ldp.getRegion threw ${errorName(error)}` };
  }
}

function ldpVerdict(
  ldp: LdpOptions | undefined,
  optedOut: boolean,
  where: VisitorRegion | null | undefined,
): Verdict {
  const region = where?.country?.trim().toUpperCase() === 'US' ? where.region : undefined;
  const state = region ? stateCode(region) : undefined;
  const listed = state !== undefined && ldp?.states.some((entry) => stateCode(entry) === state);
  if (!listed && !optedOut) return { send: true };
  return { send: true, ldp: state ? { country: 'US', state } : {} };
}
