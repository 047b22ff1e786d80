// The demo's stand-in for real authentication: signing up stores the email in an HttpOnly cookie.
export const SESSION_COOKIE = 'store_user';

/** The signed-in user for pinbridge's `getUser`: server-trusted identifiers win over the browser's. */
export function getUser(request: Request) {
  const cookie = request.headers.get('cookie') ?? '';
  const match = cookie.match(/(?:^|;\s*)store_user=([^;]+)/);
  return match ? { email: decodeURIComponent(match[1]) } : undefined;
}
