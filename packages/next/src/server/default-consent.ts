import { PinbridgeError } from '@pinbridge/core';
import type { ConsentRule } from '@pinbridge/core/wire';

const isStrings = (value: unknown) =>
  value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

function isConsentRule(value: unknown): value is ConsentRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { consent, requireConsent } = value as Record<string, unknown>;
  if (requireConsent !== undefined && typeof requireConsent !== 'boolean') return false;
  if (consent === undefined) return true;
  if (typeof consent !== 'object' || consent === null) return false;
  const { cookie, granted, denied } = consent as Record<string, unknown>;
  return (
    (cookie === undefined || typeof cookie === 'string') && isStrings(granted) && isStrings(denied)
  );
}

/**
 * The consent rule `withPinterest(config, { consent, requireConsent })` published, or
 * `undefined`. The variable is spelled out in full so that Next inlines it, in middleware too;
 * where there is no `process` (an Edge runtime outside Next) there is no rule.
 */
function publishedRule(): ConsentRule | undefined {
  let published: string | undefined;
  try {
    published = process.env.NEXT_PUBLIC_PINBRIDGE_CONSENT;
  } catch {
    return undefined;
  }
  if (!published) return undefined;
  let rule: unknown;
  try {
    rule = JSON.parse(published);
  } catch {
    rule = undefined;
  }
  if (!isConsentRule(rule)) {
    throw new PinbridgeError(
      'must be the JSON of a consent rule (withPinterest writes it)',
      'NEXT_PUBLIC_PINBRIDGE_CONSENT',
      'invalid_config',
    );
  }
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
