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
): (userAgent: string | null | undefined) => boolean {
  if (option === false) return () => false;
  if (option instanceof RegExp) {
    const pattern = new RegExp(option.source, option.flags.replace(/[gy]/g, ''));
    return (userAgent) => !!userAgent && pattern.test(userAgent);
  }
  const fragments = option.map((fragment) => fragment.toLowerCase()).filter(Boolean);
  return (userAgent) => {
    const lower = userAgent?.toLowerCase();
    return !!lower && fragments.some((fragment) => lower.includes(fragment));
  };
}
