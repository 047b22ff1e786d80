import { assertConsentRule, type ConsentRule, PinbridgeError } from '@pinbridge/core/wire';
import type { NextConfig } from 'next';
import { type Rewrite, withRewrite } from './rewrites.js';
import { warnMissingEnv } from './warn-missing-env.js';

/** next.config's function form, returning `R`; Next calls it with the phase (`phase-production-build`...). */
export type ConfigFunction<R> = (phase: string, context: { defaultConfig: NextConfig }) => R;

/** Any next.config function, sync or async. */
export type NextConfigFunction = ConfigFunction<NextConfig | Promise<NextConfig>>;

/**
 * Options of {@link withPinterest}. `consent` and `requireConsent` are the site's one consent rule
 * (`ConsentRule`): `<PinterestTag>`, `pinterestProxy()` and `createPinterestHandler()` all follow
 * it unless given their own.
 */
export interface WithPinterestOptions extends ConsentRule {
  /**
   * First-party path the tag script is served from (ad blockers match Pinterest's host, not your
   * paths; avoid obvious words such as "pinterest" or "tracking"). Default `/_pb/t.js`.
   */
  tagPath?: string;
  /** Where the script really comes from. Default `NEXT_PUBLIC_PINTEREST_TAG_SRC`, else `https://s.pinimg.com/ct/core.js`. */
  tagSrc?: string;
  /** The path of your `createPinterestHandler` route, told to the browser. Default `/api/pin`. */
  endpoint?: string;
}

const DEFAULT_TAG_SRC = 'https://s.pinimg.com/ct/core.js';

function isPromiseLike(value: unknown): value is PromiseLike<NextConfig> {
  return typeof (value as PromiseLike<NextConfig> | undefined)?.then === 'function';
}

function assertPath(name: string, value: string): void {
  if (!value.startsWith('/')) {
    throw new PinbridgeError('must start with "/"', name, 'invalid_config');
  }
}

/**
 * The consent rule's own keys, or none when it is not configured. It is checked here, at build
 * time, because the browser and the server trust it.
 */
function publishedConsent({ consent, requireConsent }: ConsentRule): ConsentRule {
  const rule: ConsentRule = {};
  if (consent !== undefined) rule.consent = consent;
  if (requireConsent !== undefined) rule.requireConsent = requireConsent;
  assertConsentRule(rule);
  return rule;
}

function decorate(config: NextConfig, phase: string | undefined, options: WithPinterestOptions) {
  warnMissingEnv(phase, process.env, console.warn);
  if (config.output === 'export') {
    console.warn(
      '[pinbridge] output: "export" has no server: the tag loads from Pinterest, and no Conversions API events are sent.',
    );
    return config;
  }
  const basePath = config.basePath ?? '';
  const tagPath = options.tagPath ?? '/_pb/t.js';
  const endpoint = options.endpoint ?? '/api/pin';
  assertPath('tagPath', tagPath);
  assertPath('endpoint', endpoint);
  const rule: Rewrite = {
    source: `${basePath}${tagPath}`,
    destination: options.tagSrc || process.env.NEXT_PUBLIC_PINTEREST_TAG_SRC || DEFAULT_TAG_SRC,
    // The source already carries basePath; Next must not add it twice.
    basePath: false,
  };
  return {
    ...config,
    // Only public settings go here: `env` values are inlined into browser bundles, so the access
    // token and the ad account id never do (they stay in the server's own environment). One
    // variable of `<PinterestTag>` props, JSON: each name spelled out costs the page's bundle its
    // bytes. The consent rule is inlined into the proxy and the handler too, so all three decide
    // alike.
    env: {
      NEXT_PUBLIC_PINBRIDGE: JSON.stringify({
        src: `${basePath}${tagPath}`,
        endpoint: `${basePath}${endpoint}`,
        ...publishedConsent(options),
      }),
      ...config.env,
    },
    rewrites: withRewrite(config.rewrites, rule),
  } satisfies NextConfig;
}

/**
 * Wraps next.config: serves the Pinterest Tag script from your own origin (a `beforeFiles`
 * rewrite, basePath-aware), tells the browser the script path and the /api/pin endpoint, and
 * warns during production builds when PINTEREST_* variables are missing. Keeps the config's shape
 * (object, function or async function) and never adds a `webpack` key (Next 16 builds with
 * Turbopack and fails on one).
 *
 * Consent, configured once: `consent` (your CMP's cookie and its granted / denied values) and
 * `requireConsent` are published in `NEXT_PUBLIC_PINBRIDGE` (JSON, with the script path and the
 * endpoint), which
 * `<PinterestTag>`, `setPinterestConsent()`, `pinterestProxy()` and `createPinterestHandler()`
 * read when not given their own, so the browser and the server never disagree about a visitor.
 * An invalid option throws a `PinbridgeError` (`invalid_config`).
 *
 * @example
 * // next.config.ts
 * import { withPinterest } from '@pinbridge/next/config';
 *
 * export default withPinterest(
 *   { reactStrictMode: true },
 *   { tagPath: '/_pb/t.js', consent: { cookie: 'cmp', granted: ['all'], denied: ['none'] } },
 * );
 */
export function withPinterest(
  nextConfig: ConfigFunction<Promise<NextConfig>>,
  options?: WithPinterestOptions,
): ConfigFunction<Promise<NextConfig>>;
export function withPinterest(
  nextConfig: ConfigFunction<NextConfig>,
  options?: WithPinterestOptions,
): ConfigFunction<NextConfig>;
export function withPinterest(nextConfig?: NextConfig, options?: WithPinterestOptions): NextConfig;
export function withPinterest(
  nextConfig: NextConfig | NextConfigFunction = {},
  options: WithPinterestOptions = {},
): NextConfig | NextConfigFunction {
  if (typeof nextConfig !== 'function') return decorate(nextConfig, undefined, options);
  return (phase, context) => {
    const config = nextConfig(phase, context);
    return isPromiseLike(config)
      ? Promise.resolve(config).then((resolved) => decorate(resolved, phase, options))
      : decorate(config, phase, options);
  };
}
