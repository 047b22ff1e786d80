import { type ConsentCookie, consentFromCookies } from '../shared/consent.js';

/**
 * How the server decides consent, whatever the browser claims: a cookie (name and values), or
 * your own function, e.g. one that reads your CMP's cookie or the signed-in user's settings.
 */
export type ConsentOption<Req> = ConsentCookie | ((request: Req) => boolean | Promise<boolean>);

/**
 * Whether this request's events may be sent. A function decides alone. A cookie configuration
 * requires consent unless `requireConsent: false` says otherwise (configuring a consent cookie
 * means you want it honoured); without one, the long-standing default applies: `_pb_consent`,
 * required only when `requireConsent` is true, and `denied` always stops the events.
 *
 * @example
 * await consentGranted(request, visitor.cookies, { consent: { cookie: 'cmp', granted: ['yes'] } });
 */
export async function consentGranted<Req>(
  request: Req,
  cookies: ReadonlyMap<string, string>,
  options: { consent?: ConsentOption<Req>; requireConsent?: boolean },
): Promise<boolean> {
  const { consent } = options;
  if (typeof consent === 'function') return (await consent(request)) === true;
  return consentFromCookies(cookies, { consent, requireConsent: options.requireConsent });
}
