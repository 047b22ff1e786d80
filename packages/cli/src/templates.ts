// The files and snippets `pinbridge init` writes or prints: the code README.md's "Set up a
// Next.js app" shows, so that an app set up by hand and one set up by init are the same.

/** The quote and semicolon style of the file an edit goes into. */
export interface CodeStyle {
  quote: "'" | '"';
  semi: boolean;
}

export const DEFAULT_STYLE: CodeStyle = { quote: "'", semi: true };

/** Module names, so that every check and every template agrees on them. */
export const MODULES = {
  config: '@pinbridge/next/config',
  proxy: '@pinbridge/next/proxy',
  server: '@pinbridge/next/server',
  pages: '@pinbridge/next/pages',
  tag: '@pinbridge/next',
} as const;

/**
 * One statement in the file's own style.
 *
 * @example
 * statement("import { a } from 'b'", { quote: '"', semi: false }); // 'import { a } from "b"'
 */
export function statement(code: string, style: CodeStyle): string {
  const quoted = style.quote === "'" ? code : code.replace(/'/g, '"');
  return style.semi ? `${quoted};` : quoted;
}

// Next reads only a literal matcher, so it is pasted, not imported.
const MATCHER = `export const config = {
  matcher: ['/((?!api|_next/static|_next/image|favicon.ico|.*\\\\..*).*)'],
};`;

/** proxy.ts (Next 16) or middleware.ts (14.2 to 15): the same code, TS or JS. */
export const PROXY_FILE = `import { pinterestProxy } from '${MODULES.proxy}';

export default pinterestProxy();

// Next reads only a literal matcher: documents, not API routes, assets or files.
${MATCHER}
`;

/** app/api/pin/route.ts (or .js). */
export const APP_ROUTE_FILE = `import { createPinterestHandler } from '${MODULES.server}';

export const { POST } = createPinterestHandler();
`;

/** pages/api/pin.ts (or .js): the handler reads the body itself. */
export const PAGES_ROUTE_FILE = `import { createPinterestApiRoute } from '${MODULES.pages}';

export default createPinterestApiRoute();

export const config = { api: { bodyParser: false } };
`;

/** next.config.mjs for an app that has none (every Next version reads .mjs). */
export const NEXT_CONFIG_FILE = `import { withPinterest } from '${MODULES.config}';

export default withPinterest({});
`;

/**
 * pages/_app for a Pages Router app that has none.
 *
 * @example
 * pagesAppFile(true); // "import type { AppProps } from 'next/app';\n…"
 */
export function pagesAppFile(typescript: boolean): string {
  const head = typescript ? `import type { AppProps } from 'next/app';\n` : '';
  return `${head}import { PinterestTag } from '${MODULES.tag}';

export default function App({ Component, pageProps }${typescript ? ': AppProps' : ''}) {
  return (
    <>
      <Component {...pageProps} />
      <PinterestTag />
    </>
  );
}
`;
}

export const TAG_IMPORT = `import { PinterestTag } from '${MODULES.tag}'`;
export const TAG_ELEMENT = '<PinterestTag />';

/** What to do by hand when the root layout cannot be edited safely. */
export const LAYOUT_SNIPPET = `import { PinterestTag } from '${MODULES.tag}';

// inside your existing <body>, after {children}:
<PinterestTag />`;

/** What to do by hand when pages/_app cannot be edited safely. */
export const PAGES_APP_SNIPPET = `import { PinterestTag } from '${MODULES.tag}';

// next to <Component {...pageProps} /> in what App returns:
<>
  <Component {...pageProps} />
  <PinterestTag />
</>`;

/**
 * What to do by hand when next.config cannot be edited safely.
 *
 * @example
 * nextConfigSnippet(true); // "const { withPinterest } = require('@pinbridge/next/config');\n…"
 */
export function nextConfigSnippet(commonJs: boolean): string {
  return commonJs
    ? `const { withPinterest } = require('${MODULES.config}');

module.exports = withPinterest(nextConfig);`
    : `import { withPinterest } from '${MODULES.config}';

export default withPinterest(nextConfig);`;
}

/** What to do by hand when an existing proxy/middleware is not simple enough to compose. */
export const PROXY_SNIPPET = `import { applyPinterestCookies } from '${MODULES.proxy}';

// in your proxy/middleware function, on the response it returns (a NextResponse):
applyPinterestCookies(request, response);

// and make sure its matcher includes your pages (documents), e.g.
${MATCHER}`;
