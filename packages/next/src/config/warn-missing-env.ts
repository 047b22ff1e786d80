/** The variables a production deployment needs; only their names are ever printed. */
export const REQUIRED_ENV = [
  'PINTEREST_ACCESS_TOKEN',
  'PINTEREST_AD_ACCOUNT_ID',
  'NEXT_PUBLIC_PINTEREST_TAG_ID',
] as const;

const PRODUCTION_BUILD_PHASE = 'phase-production-build';

// Turbopack and `next build` load the config several times in one process; one line is enough.
let warned = false;

/** Whether the config is being loaded for a production build or server. */
export function isProduction(phase: string | undefined, env: Record<string, string | undefined>) {
  return phase === PRODUCTION_BUILD_PHASE || env.NODE_ENV === 'production';
}

/**
 * Warns once per process, naming the missing variables (never a value), when a production build
 * lacks one of {@link REQUIRED_ENV}.
 *
 * @example
 * warnMissingEnv(phase, process.env, console.warn);
 */
export function warnMissingEnv(
  phase: string | undefined,
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): void {
  if (warned || !isProduction(phase, env)) return;
  const missing = REQUIRED_ENV.filter((name) => !env[name]);
  if (missing.length === 0) return;
  warned = true;
  warn(
    `[pinbridge] Missing environment variables: ${missing.join(', ')}. ` +
      'Without them the Conversions API or the Pinterest Tag sends nothing in production.',
  );
}
