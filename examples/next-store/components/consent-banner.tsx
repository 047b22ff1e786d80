'use client';

import { setPinterestConsent } from '@pinbridge/next';
import { useEffect, useState } from 'react';

/** Asks once; pinbridge sends nothing, from the browser or the server, until the visitor accepts. */
export function ConsentBanner() {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(!/(?:^|;\s*)_pb_consent=/.test(document.cookie)), []);
  if (!open) return null;
  const answer = (granted: boolean) => {
    setPinterestConsent(granted);
    setOpen(false);
  };
  return (
    <aside className="consent" aria-label="Cookie consent">
      <p>We use the Pinterest Tag and Pinterest's Conversions API to measure our ads.</p>
      <button type="button" data-testid="consent-accept" onClick={() => answer(true)}>
        Accept
      </button>
      <button type="button" data-testid="consent-decline" onClick={() => answer(false)}>
        Decline
      </button>
    </aside>
  );
}
