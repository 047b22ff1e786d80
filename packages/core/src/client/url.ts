import { PinbridgeError } from '../error.js';

/** Pinterest's production API base. */
export const DEFAULT_API_URL = 'https://api.pinterest.com/v5';

// Pinterest's spec: `^\d+$`, maxLength 18. Checked so that nothing but digits reaches the path.
const AD_ACCOUNT_ID = /^\d{1,18}$/;

/**
 * The events endpoint of an ad account: `{apiUrl}/ad_accounts/{id}/events`, keeping any query
 * the base carries and adding `test=true` in test mode.
 *
 * @example
 * eventsUrl({ adAccountId: '549755885175', test: true });
 * // 'https://api.pinterest.com/v5/ad_accounts/549755885175/events?test=true'
 */
export function eventsUrl(options: {
  adAccountId: string;
  apiUrl?: string;
  test?: boolean;
}): string {
  const { adAccountId, apiUrl = DEFAULT_API_URL, test = false } = options;
  if (typeof adAccountId !== 'string' || !AD_ACCOUNT_ID.test(adAccountId)) {
    throw new PinbridgeError('must be 1 to 18 digits', 'adAccountId', 'invalid_config');
  }
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new PinbridgeError('must be an absolute http(s) URL', 'apiUrl', 'invalid_config');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PinbridgeError('must be an absolute http(s) URL', 'apiUrl', 'invalid_config');
  }
  // The URL API resolves the path safely; a trailing slash on the base must not double up.
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ad_accounts/${adAccountId}/events`;
  url.hash = '';
  if (test) url.searchParams.set('test', 'true');
  return url.href;
}
