import { type Refusal, refuse } from './refusal.js';

/** Sec-Fetch-Site values a browser sends for a request the page's own origin made (or the user typed). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The hosts a request was addressed to: its URL's, the Host header and the first
 * X-Forwarded-Host. Next builds `request.url` from its own bind address in some setups
 * (`localhost` behind a proxy), so the headers count too. A browser cannot forge them on a
 * cross-site post: setting them makes the request non-simple, and the preflight gets no CORS grant.
 */
function ownHosts(url: string | undefined, headers: Headers): Set<string> {
  const hosts = new Set<string>();
  const fromUrl = url ? hostOf(url) : undefined;
  if (fromUrl) hosts.add(fromUrl);
  for (const name of ['host', 'x-forwarded-host']) {
    const value = headers.get(name)?.split(',')[0]?.trim().toLowerCase();
    if (value) hosts.add(value);
  }
  return hosts;
}

/**
 * A 403 for a post another site's page made through a visitor's browser. The Origin must name
 * this host (the scheme is not compared: TLS often ends at a proxy, so the request Next sees says
 * http) or one of `allowedOrigins`, and Sec-Fetch-Site, when sent, must be `same-origin` or `none`
 * (or the Origin must be allowed explicitly). A request with neither header passes: servers,
 * curl and browsers from before 2020 send none, and they could forge any header anyway; the rate
 * limit is what bounds them.
 *
 * @example
 * originRefusal(request.headers, request.url, ['https://www.shop.example']);
 */
export function originRefusal(
  headers: Headers,
  url: string | undefined,
  allowedOrigins: readonly string[] = [],
): Refusal | undefined {
  const origin = headers.get('origin');
  const site = headers.get('sec-fetch-site')?.toLowerCase();
  const normalized = origin === null ? undefined : originOf(origin);
  if (normalized && allowedOrigins.some((entry) => originOf(entry) === normalized))
    return undefined;
  if (origin !== null) {
    const host = hostOf(origin);
    if (!host || !ownHosts(url, headers).has(host)) {
      return refuse(403, 'forbidden_origin', 'Origin is neither this site nor an allowed origin');
    }
  }
  if (site !== undefined && !OWN_FETCH_SITES.has(site)) {
    return refuse(403, 'forbidden_origin', 'Sec-Fetch-Site says the post came from another site');
  }
  return undefined;
}
