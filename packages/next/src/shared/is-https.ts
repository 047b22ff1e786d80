/** Whether the visitor's connection is https, directly or as reported by the proxy in front. */
export function isHttps(request: { url: string; headers: Headers }): boolean {
  if (request.url.startsWith('https:')) return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
