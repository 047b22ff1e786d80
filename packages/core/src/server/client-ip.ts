import { PinbridgeError } from '../error.js';
import { type IncomingRequest, webRequestOf } from './pin-request.js';

/**
 * Platforms whose edge sets a header to the visitor's address and overwrites whatever the visitor
 * sent in it, recognised by a variable of their runtime. Elsewhere no header is trustworthy by
 * default: anyone can send `X-Real-IP`. Cloudflare is not among them: `cf-connecting-ip` is only
 * Cloudflare's when every request really passes Cloudflare, which the server cannot tell; name it
 * in `trustedIpHeaders` if yours does.
 */
const PLATFORM_IP_HEADERS: readonly [variable: string, header: string][] = [
  ['VERCEL', 'x-real-ip'],
  ['NETLIFY', 'x-nf-client-connection-ip'],
  ['FLY_APP_NAME', 'fly-client-ip'],
];

/** The header the platform this process runs on sets to the visitor's address, if it is known. */
export function platformIpHeader(): string | undefined {
  const env = globalThis.process?.env;
  if (!env) return undefined;
  return PLATFORM_IP_HEADERS.find(([variable]) => env[variable])?.[1];
}

/** How the visitor's IP address is found; see {@link clientIpOf}. */
export interface ClientIpOptions {
  /**
   * Proxies of yours in front of the server (nginx, Caddy, a load balancer), each appending the
   * address it saw to X-Forwarded-For, as Express's `trust proxy` counts them. The visitor is the
   * entry that many hops from the right, the socket's peer being the nearest hop where an adapter
   * has a socket. Default `0`: the socket's peer; without a socket (Web runtimes such as the App
   * Router), the last X-Forwarded-For entry, which `next start` writes from its socket when the
   * header is missing.
   *
   * @example
   * trustProxy: 1 // next start behind one nginx with `proxy_add_x_forwarded_for`
   */
  trustProxy?: number;
  /**
   * Headers your own infrastructure sets to the visitor's address alone, read in order before
   * X-Forwarded-For (nginx's `X-Real-IP $remote_addr`; Cloudflare's `cf-connecting-ip` when all
   * traffic passes Cloudflare). Default: the header of the platform detected (Vercel
   * `x-real-ip`, Netlify `x-nf-client-connection-ip`, Fly.io `fly-client-ip`), else none.
   */
  trustedIpHeaders?: readonly string[];
  /** Your own resolver; replaces all of the above. Its answer is still checked to be an IP address. */
  getClientIp?: (request: Request) => string | null | undefined;
}

/** Throws a PinbridgeError (`invalid_config`, at `path`) unless `trustProxy` is a whole number of hops. */
export function assertTrustProxy(trustProxy: number | undefined, path = 'trustProxy'): void {
  if (trustProxy === undefined || (Number.isSafeInteger(trustProxy) && trustProxy >= 0)) return;
  throw new PinbridgeError('must be a whole number of proxies, 0 or more', path, 'invalid_config');
}

// Longest textual IPv6 with an embedded IPv4 (45 characters), plus brackets and a port.
const MAX_ADDRESS_LENGTH = 53;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV4_WITH_PORT = /^([\d.]+):\d{1,5}$/;
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;
const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const IPV6_CHARACTERS = /^[\da-f:.]+$/i;

function isIpv6(text: string): boolean {
  if (!text.includes(':') || !IPV6_CHARACTERS.test(text)) return false;
  // The URL parser implements the full IPv6 grammar (compression, embedded IPv4) in native code.
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A syntactically valid IPv4 or IPv6 address in `text`, or `undefined`: surrounding space, the
 * brackets and port some proxies add (`[2001:db8::1]:443`, `203.0.113.7:5100`) removed, and an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, how Node reports IPv4 peers on a dual-stack
 * socket) written as the IPv4 it is, so one visitor has one rate-limit key. Nothing else is ever
 * forwarded to Pinterest as client_ip_address.
 *
 * @example
 * ipAddress(' [2001:db8::1]:443 '); // '2001:db8::1'
 * ipAddress('<script>'); // undefined
 */
export function ipAddress(text: string | null | undefined): string | undefined {
  if (!text || text.length > MAX_ADDRESS_LENGTH) return undefined;
  let address = text.trim();
  address = BRACKETED.exec(address)?.[1] ?? IPV4_WITH_PORT.exec(address)?.[1] ?? address;
  address = IPV4_MAPPED.exec(address)?.[1] ?? address;
  if (IPV4.test(address)) return address;
  return isIpv6(address) ? address.toLowerCase() : undefined;
}

/**
 * The visitor's IP address, one a visitor cannot choose unless the deployment lets them: your
 * `getClientIp`, else the first of the trusted headers (yours, or the detected platform's), else
 * the entry `trustProxy` hops from the right of X-Forwarded-For, counting the socket's peer
 * (`peerIp`, from adapters with a socket) as the nearest. X-Real-IP and the like count only
 * where they are trusted. A value that is not an IP address counts as none.
 *
 * @example
 * clientIpOf(request, { trustProxy: 1 }, '10.0.0.2'); // the address nginx at 10.0.0.2 saw
 */
export function clientIpOf(
  request: IncomingRequest,
  options: ClientIpOptions,
  peerIp?: string,
): string | undefined {
  if (options.getClientIp) return ipAddress(options.getClientIp(webRequestOf(request)));
  const { headers } = request;
  const trusted = options.trustedIpHeaders ?? [platformIpHeader() ?? ''];
  for (const name of trusted) {
    const address = name ? ipAddress(headers.get(name)) : undefined;
    if (address) return address;
  }
  assertTrustProxy(options.trustProxy);
  const hops = options.trustProxy ?? 0;
  const peer = ipAddress(peerIp);
  if (peer && hops === 0) return peer;
  const forwarded = headers.get('x-forwarded-for');
  if (!forwarded) return peer;
  const chain = forwarded.split(',');
  // With a socket, its peer is hop 0 and X-Forwarded-For's last entry hop 1; without one, the
  // last entry is the runtime's own record of its peer, so it is both hop 0 and hop 1. A chain
  // shorter than the hops trusted ends at its first entry, as Express's does.
  const fromRight = Math.max(hops - 1, 0);
  return ipAddress(chain[Math.max(chain.length - 1 - fromRight, 0)]);
}
