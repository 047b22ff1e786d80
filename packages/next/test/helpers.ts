export {
  type FakeClient,
  fakeClient,
  fakeWaitUntil,
  sha256,
} from '../../../test/contract/fake-client.js';
export { deferred } from '../../../test/contract/requests.js';

/** Set-Cookie headers by cookie name: the value and the lowercased attributes. */
export function setCookies(
  response: Response,
): Map<string, { value: string; attributes: string[] }> {
  const cookies = new Map<string, { value: string; attributes: string[] }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    cookies.set(pair.slice(0, separator), {
      value: decodeURIComponent(pair.slice(separator + 1)),
      attributes: attributes.map((attribute) => attribute.toLowerCase()),
    });
  }
  return cookies;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
