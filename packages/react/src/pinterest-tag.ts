import { useEffect } from 'react';
import { canSend, config, type PinterestErrorHandler } from './config.js';
import { sendPageView } from './page-view.js';
import { DEFAULT_TAG_SRC, installPintrk, pintrk } from './pintrk.js';

/**
 * Options of `<PinterestTag>`; every one is optional.
 *
 * @example
 * const props: PinterestTagProps = { tagId: '2612345678901', requireConsent: true };
 */
export interface PinterestTagProps {
  /** Your Pinterest Tag id; nothing loads without one. */
  tagId?: string;
  /** The tag script URL, e.g. a first-party rewrite or a test stand-in. */
  src?: string;
  /** Where the server copies go; default `/api/pin`. */
  endpoint?: string;
  /** Send nothing, from either side, until `setPinterestConsent(true)`. */
  requireConsent?: boolean;
  /** The visitor's email for Enhanced Match; the tag hashes it before sending. */
  email?: string;
  /** The current page (e.g. pathname + search); each change is a client-side page view. */
  page?: string;
  /** Receives dropped and undelivered events; default: a warning during development. */
  onError?: PinterestErrorHandler;
}

let loadedTagId: string | undefined;

/**
 * Loads the Pinterest Tag once and sends each page view from the Tag and the server with one
 * event_id. Renders nothing; all work happens in an effect, so server rendering is safe.
 *
 * @example
 * <PinterestTag tagId="2612345678901" page={pathname + search} />
 */
export function PinterestTag({
  tagId,
  src = DEFAULT_TAG_SRC,
  endpoint,
  requireConsent,
  email,
  page,
  onError,
}: PinterestTagProps): null {
  useEffect(() => {
    const start = () => {
      if (!tagId || !canSend()) return;
      installPintrk(src);
      if (loadedTagId !== tagId) {
        loadedTagId = tagId;
        pintrk('load', tagId, email ? { em: email } : undefined);
        // Consent was given before the tag existed (on this page or an earlier visit): tell it.
        if (requireConsent) pintrk('setconsent', true);
      }
      sendPageView(page ?? location.pathname + location.search);
    };
    // setPinterestConsent(true) calls `start`, so granting consent sends the current page view.
    Object.assign(config, { endpoint, requireConsent, onError, onConsent: start });
    start();
    return () => {
      config.onConsent = undefined;
    };
  }, [tagId, src, endpoint, requireConsent, email, page, onError]);

  return null;
}
