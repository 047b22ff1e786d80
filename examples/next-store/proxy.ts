import { pinterestProxy } from '@pinbridge/next/proxy';

export default pinterestProxy({ requireConsent: true });

// Next reads only a literal matcher: documents, not API routes, assets or files.
export const config = {
  matcher: ['/((?!api|_next/static|_next/image|favicon.ico|.*\\..*).*)'],
};
