import { PinbridgeError } from '../error.js';
import { createPinterestClient } from './create-client.js';
import type { ClientConfig, PinterestClient } from './types.js';

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  // Names the variable, never its value: a misplaced token must not end up in a log.
  if (!value) throw new PinbridgeError(`${name} is not set`, name, 'missing_config');
  return value;
}

/**
 * A client configured from the environment: PINTEREST_ACCESS_TOKEN and PINTEREST_AD_ACCOUNT_ID
 * (required), PINTEREST_API_URL (optional) and PINTEREST_TEST_MODE (`true` or `1` turns on
 * `?test=true`). `overrides` win over the environment. `env` defaults to `process.env` where
 * there is one, so the function also loads in runtimes without `process`.
 *
 * @example
 * const client = clientFromEnv({ onError: (error) => console.warn(error.message, error.event_ids) });
 */
export function clientFromEnv(
  overrides: Partial<ClientConfig> = {},
  env: Env = globalThis.process?.env ?? {},
): PinterestClient {
  const testMode = env.PINTEREST_TEST_MODE?.trim().toLowerCase();
  return createPinterestClient({
    test: testMode === 'true' || testMode === '1',
    apiUrl: env.PINTEREST_API_URL?.trim() || undefined,
    ...overrides,
    accessToken: overrides.accessToken ?? required(env, 'PINTEREST_ACCESS_TOKEN'),
    adAccountId: overrides.adAccountId ?? required(env, 'PINTEREST_AD_ACCOUNT_ID'),
  });
}
