import { clientIpOf } from './client-ip.js';
import type { VisitOptions } from './visit.js';

/**
 * `options` for one request of an adapter that knows the visitor's peer address (a socket's, or
 * a framework's own resolution of it, such as Express's `req.ip`): the page_visit sent from the
 * server (`sendPageVisit`) then resolves its IP as the handler does there, trusted headers
 * first, then `trustProxy` hops counted from `peerIp`. Without a page_visit object, or with a
 * `getClientIp` of yours, `options` as they are.
 *
 * @example
 * const visit = pinterestVisit(request, withPeerIp(options, req.ip));
 */
export function withPeerIp(options: VisitOptions, peerIp: string | undefined): VisitOptions {
  const pageVisit = options.sendPageVisit;
  if (typeof pageVisit !== 'object' || pageVisit.getClientIp) return options;
  const getClientIp = (request: Request) => clientIpOf(request, pageVisit, peerIp);
  return { ...options, sendPageVisit: { ...pageVisit, getClientIp } };
}
