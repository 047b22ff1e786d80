/** Where a visitor is, as ISO 3166 codes: `US` and a subdivision such as `CA`. */
export interface VisitorRegion {
  country?: string;
  region?: string;
}

// Country and subdivision headers hosting platforms add from the client IP. Each platform
// overwrites its own on the way in; anywhere else a client could send them, which is why `ldp`
// takes a `getRegion` of your own.
const PLATFORM_HEADERS: readonly [country: string, region: string][] = [
  ['x-vercel-ip-country', 'x-vercel-ip-country-region'],
  // Cloudflare adds cf-region-code with the "Add visitor location headers" managed transform.
  ['cf-ipcountry', 'cf-region-code'],
  ['cloudfront-viewer-country', 'cloudfront-viewer-country-region'],
];

/**
 * The visitor's country and region from the first platform whose headers are present
 * (Vercel, Cloudflare, CloudFront), or `undefined`.
 *
 * @example
 * regionFromHeaders(new Headers({ 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'CA' }));
 * // { country: 'US', region: 'CA' }
 */
export function regionFromHeaders(headers: Headers): VisitorRegion | undefined {
  for (const [countryHeader, regionHeader] of PLATFORM_HEADERS) {
    const country = headers.get(countryHeader)?.trim();
    if (!country) continue;
    const region = headers.get(regionHeader)?.trim();
    return region ? { country, region } : { country };
  }
  return undefined;
}
