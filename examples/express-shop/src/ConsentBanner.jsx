import { setPinterestConsent } from '@pinbridge/react';
import { useState } from 'react';

/** Asks once; nothing leaves the browser or the server for Pinterest until the shopper accepts. */
export function ConsentBanner() {
  const [open, setOpen] = useState(() => !/(?:^|;\s*)_pb_consent=/.test(document.cookie));
  if (!open) return null;
  const answer = (granted) => {
    setPinterestConsent(granted);
    setOpen(false);
  };
  return (
    <aside className="consent" aria-label="Cookie consent">
      <p>We use the Pinterest Tag and Pinterest's Conversions API to measure our ads.</p>
      <button type="button" data-testid="consent-accept" onClick={() => answer(true)}>
        Accept
      </button>
      <button
        type="button"
        className="secondary"
        data-testid="consent-decline"
        onClick={() => answer(false)}
      >
        Decline
      </button>
    </aside>
  );
}
