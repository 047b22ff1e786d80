// The one consent rule of the shop, given to the tag, to the /api/pin middleware and to the payment
// webhook, so that every side decides alike: nothing is sent until the `_pb_consent` cookie
// (written by the banner's setPinterestConsent) grants it.
export const consentRule = { requireConsent: true };
