import { type ConsentRule, consentAllows } from '@pinbridge/core/wire';
import { useEffect } from 'react';
import { config, configure, type PinterestErrorHandler } from './config.js';
import { canSend } from './consent.js';
import { sendPageView } from './page-view.js';
import { installPintrk, pintrk } from './pintrk.js';

/**
 * Options of `<PinterestTag>`; every one is optional. `consent` and `requireConsent` are the
 * server's consent rule (`ConsentRule`): give the browser the same one as the proxy and the
 * handler, and the two sides decide alike for every visitor.
 *
 * @example
 * const props: PinterestTagProps = {
 *   tagId: '2612345678901',
 *   consent: { cookie: 'cmp', granted: ['all'], denied: ['none'] },
 *   requireConsent: true,
 * };
 */
export interface PinterestTagProps extends ConsentRule {
  /** Your Pinterest Tag id; nothing loads without one. */
  tagId?: string;
  /** The tag script URL, e.g. a first-party rewrite or a test stand-in. Default Pinterest's. */
  src?: string;
  /** Where the server copies go; default `/api/pin`. */
  endpoint?: string;
  /** The visitor's email for Enhanced Match; the tag hashes it before sending. */
  email?: string;
  /** The current page (e.g. pathname + search); each change is a client-side page view. */
  page?: string;
  /** Receives dropped and undelivered events as report records; default: a warning during development. */
  onError?: PinterestErrorHandler;
}

let loadedTagId: string | undefined;

/**
 * Loads the Pinterest Tag once and sends each page view from the Tag and the server with one
 * event_id. Renders nothing; all work happens in an effect, so server rendering is safe. With
 * `requireConsent` (or a `consent` cookie, which implies it) nothing loads or leaves the browser
 * until the cookie grants consent, e.g. after `setPinterestConsent(true)`; a denied value always
 * stops both sides.
 *
 * @example
 * <PinterestTag tagId="2612345678901" page={pathname + search} consent={{ cookie: 'cmp', granted: ['all'] }} />
 */
export function PinterestTag(props: PinterestTagProps): null {
  // After every render, not on a list of props: each step is idempotent (the script is inserted
  // once, the tag loaded once per id, a page viewed once), so a rerun costs a cookie read.
  useEffect(() => {
    const { tagId, email } = props;
    const start = () => {
      if (!canSend() || !tagId) return;
      installPintrk(props.src);
      if (loadedTagId !== tagId) {
        loadedTagId = tagId;
        pintrk('load', tagId, email ? { em: email } : undefined);
        // Where consent is required, it was given (the cookie grants it) before the tag existed,
        // on this page or an earlier visit: tell it.
        if (!consentAllows(undefined, config)) pintrk('setconsent', true);
      }
      sendPageView(props.page ?? location.pathname + location.search);
    };
    // setPinterestConsent(true) calls `start`, so granting consent sends the current page view.
    configure({ ...props, onConsent: start });
    start();
    return () => {
      config.onConsent = undefined;
    };
  });

  return null;
}
