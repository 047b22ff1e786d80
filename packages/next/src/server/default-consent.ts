import { assertConsentRule, type ConsentRule, PinbridgeError } from '@pinbridge/core/wire';

/**
 * The consent rule `withPinterest(config, { consent, requireConsent })` published in
 * `NEXT_PUBLIC_PINBRIDGE` (beside the tag's script path and endpoint), or `undefined`. The
 * variable is spelled out in full so that Next inlines it, in middleware too; where there is no
 * `process` (an Edge runtime outside Next) there is no rule.
 */
function publishedRule(): ConsentRule | undefined {
  let published: string | undefined;
  try {
    published = process.env.NEXT_PUBLIC_PINBRIDGE;
  } catch {
    return undefined;
  }
  if (!published) return undefined;
  let settings: unknown;
  try {
    settings = JSON.parse(published);
  } catch {
    settings = undefined;
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new PinbridgeError(
      'must be the JSON object withPinterest writes',
      'NEXT_PUBLIC_PINBRIDGE',
      'invalid_config',
    );
  }
  const { consent, requireConsent } = settings as ConsentRule;
  if (consent === undefined && requireConsent === undefined) return undefined;
  const rule: ConsentRule = { consent, requireConsent };
  // The same check withPinterest applied before publishing it.
  assertConsentRule(rule, 'NEXT_PUBLIC_PINBRIDGE');
  return rule;
}

/**
 * `options` with the consent configured once in `withPinterest` filling in what they leave
 * unset, so the handler, the proxy and the browser's `<PinterestTag>` decide alike. Your own
 * `consent` and `requireConsent` win.
 *
 * @example
 * createPinHandler(withDefaultConsent(options));
 */
export function withDefaultConsent<T extends { consent?: unknown; requireConsent?: boolean }>(
  options: T,
): T {
  if (options.consent !== undefined && options.requireConsent !== undefined) return options;
  const rule = publishedRule();
  if (!rule) return options;
  return {
    ...options,
    consent: options.consent ?? rule.consent,
    requireConsent: options.requireConsent ?? rule.requireConsent,
  };
}
