import type { NextConfig } from 'next';
import { type Rewrite, withRewrite } from './rewrites.js';
import { warnMissingEnv } from './warn-missing-env.js';

/** next.config's function form, returning `R`; Next calls it with the phase (`phase-production-build`...). */
export type ConfigFunction<R> = (phase: string, context: { defaultConfig: NextConfig }) => R;

/** Any next.config function, sync or async. */
export type NextConfigFunction = ConfigFunction<NextConfig | Promise<NextConfig>>;

/** Options of {@link withPinterest}. */
export interface WithPinterestOptions {
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
  if (!value.startsWith('/')) throw new TypeError(`withPinterest: ${name} must start with "/"`);
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
    // Only public paths go here: `env` values are inlined into browser bundles, so the access
    // token and the ad account id never do (they stay in the server's own environment).
    env: {
      NEXT_PUBLIC_PINBRIDGE_TAG_PATH: `${basePath}${tagPath}`,
      NEXT_PUBLIC_PINBRIDGE_ENDPOINT: `${basePath}${endpoint}`,
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
 * @example
 * // next.config.ts
 * import { withPinterest } from '@pinbridge/next/config';
 *
 * export default withPinterest({ reactStrictMode: true }, { tagPath: '/_pb/t.js' });
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
