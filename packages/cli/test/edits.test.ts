// The edits of existing files, one shape at a time: what is wrapped or inserted, what is left
// to the user (`manual`), and what is already done.
import { describe, expect, it } from 'vitest';
import { composeProxy } from '../src/compose-proxy.js';
import { editNextConfig } from '../src/edit-next-config.js';
import { insertTagInLayout, insertTagInPagesApp } from '../src/insert-tag.js';

const after = (result: ReturnType<typeof editNextConfig>) => {
  if (result.status !== 'edited')
    throw new Error(`expected an edit, got ${JSON.stringify(result)}`);
  return result.after;
};

describe('editNextConfig', () => {
  it('wraps a CommonJS module.exports with a require after "use strict"', () => {
    const code = "'use strict';\nmodule.exports = { reactStrictMode: true };\n";
    expect(after(editNextConfig(code))).toBe(
      "'use strict';\n\nconst { withPinterest } = require('@pinbridge/next/config');\nmodule.exports = withPinterest({ reactStrictMode: true });\n",
    );
  });

  it('wraps an .mts config in its own style (double quotes, no semicolons), after its imports', () => {
    const code =
      'import type { NextConfig } from "next"\n\nconst config: NextConfig = {}\n\nexport default config\n';
    expect(after(editNextConfig(code))).toBe(
      'import type { NextConfig } from "next"\nimport { withPinterest } from "@pinbridge/next/config"\n\nconst config: NextConfig = {}\n\nexport default withPinterest(config)\n',
    );
  });

  it('wraps an arrow function config and an object literal', () => {
    expect(after(editNextConfig('export default (phase) => ({});\n'))).toContain(
      'export default withPinterest((phase) => ({}));',
    );
    expect(after(editNextConfig('export default { output: "standalone" };\n'))).toContain(
      'export default withPinterest({ output: "standalone" });',
    );
  });

  it('is done when withPinterest is already there', () => {
    const code =
      "import { withPinterest } from '@pinbridge/next/config';\nexport default withPinterest({});\n";
    expect(editNextConfig(code)).toEqual({ status: 'done' });
  });

  it('leaves to the user: two exports, none, a function used by name, and a syntax error', () => {
    const manual = (code: string) => editNextConfig(code).status;
    expect(manual('module.exports = {};\nmodule.exports = { a: 1 };\n')).toBe('manual');
    expect(manual('const config = {};\nexport { config as default };\n')).toBe('manual');
    expect(manual('export default function config() { return {}; }\nconfig.x = 1;\n')).toBe(
      'manual',
    );
    // `$` is an identifier character, not a regular-expression anchor.
    expect(manual('export default function $config() { return {}; }\n$config.x = 1;\n')).toBe(
      'manual',
    );
    expect(editNextConfig('export default {\n')).toMatchObject({
      status: 'manual',
      reason: expect.stringMatching(/^could not parse it/),
    });
  });
});

describe('insertTagInLayout', () => {
  it('adds the tag as the last child of a one-line <body>', () => {
    const code =
      'export default function Layout({ children }) {\n  return <html><body>{children}</body></html>;\n}\n';
    const result = insertTagInLayout(code);
    expect(result).toEqual({
      status: 'edited',
      after: `import { PinterestTag } from '@pinbridge/next';\n\n${code.replace('</body>', '<PinterestTag /></body>')}`,
    });
  });

  it("imports after a 'use client' directive when there is no import", () => {
    const code =
      "'use client';\nexport default function Layout({ children }) {\n  return (\n    <html>\n      <body>\n        {children}\n      </body>\n    </html>\n  );\n}\n";
    const result = insertTagInLayout(code);
    expect(result.status === 'edited' && result.after).toBe(
      "'use client';\n\nimport { PinterestTag } from '@pinbridge/next';\nexport default function Layout({ children }) {\n  return (\n    <html>\n      <body>\n        {children}\n        <PinterestTag />\n      </body>\n    </html>\n  );\n}\n",
    );
  });

  it('leaves to the user two bodies, a self-closing body and a body outside the default export', () => {
    const two =
      'export default function L({ a, children }) {\n  return a ? <body>{children}</body> : <body />;\n}\n';
    expect(insertTagInLayout(two).status).toBe('manual');
    expect(insertTagInLayout('export default function L() {\n  return <body />;\n}\n')).toEqual({
      status: 'manual',
      reason: 'its <body /> has no children',
    });
    const outside =
      'const Shell = ({ children }) => <body>{children}</body>;\nexport default function L({ children }) {\n  return <Shell>{children}</Shell>;\n}\n';
    expect(insertTagInLayout(outside).status).toBe('manual');
  });

  it('is done when the layout already renders PinterestTag', () => {
    const code =
      "import { PinterestTag } from '@pinbridge/next';\nexport default function L({ children }) {\n  return <body>{children}<PinterestTag /></body>;\n}\n";
    expect(insertTagInLayout(code)).toEqual({ status: 'done' });
  });
});

describe('insertTagInPagesApp', () => {
  it('adds the tag beside <Component /> inside the element that holds it', () => {
    const code =
      'export default function App({ Component, pageProps }) {\n  return (\n    <Layout>\n      <Component {...pageProps} />\n    </Layout>\n  );\n}\n';
    const result = insertTagInPagesApp(code);
    expect(result.status === 'edited' && result.after).toBe(
      `import { PinterestTag } from '@pinbridge/next';\n\n${code.replace('<Component {...pageProps} />', '<Component {...pageProps} />\n      <PinterestTag />')}`,
    );
  });

  it('wraps a parenthesized <Component /> in a fragment, keeping the parentheses', () => {
    const code =
      'export default function App({ Component, pageProps }) {\n  return (\n    <Component {...pageProps} />\n  );\n}\n';
    const result = insertTagInPagesApp(code);
    expect(result.status === 'edited' && result.after).toContain(
      '  return (\n    <>\n      <Component {...pageProps} />\n      <PinterestTag />\n    </>\n  );\n',
    );
  });

  it('leaves to the user an App that renders Component conditionally', () => {
    const code =
      'export default function App({ Component, pageProps, ok }) {\n  return ok ? <Component {...pageProps} /> : null;\n}\n';
    expect(insertTagInPagesApp(code).status).toBe('manual');
  });
});

describe('composeProxy', () => {
  it('composes an anonymous default export in JavaScript, importing NextResponse', () => {
    const code = 'export default function (request, event) {\n  return undefined;\n}\n';
    const result = composeProxy(code, false);
    expect(result.status === 'edited' && result.after).toBe(
      "import { applyPinterestCookies } from '@pinbridge/next/proxy';\nimport { NextResponse } from 'next/server';\n\n" +
        'function ownProxy(request, event) {\n  return undefined;\n}\n\n' +
        "// Added by `pinbridge init`: ownProxy runs first, then pinbridge's cookies go on its response.\n" +
        'export default async function withPinterestCookies(\n  request,\n  event,\n) {\n' +
        '  const response = (await ownProxy(request, event)) ?? NextResponse.next();\n' +
        '  if (response instanceof NextResponse) applyPinterestCookies(request, response);\n' +
        '  return response;\n}\n',
    );
  });

  it('uses the local name of an aliased NextResponse import', () => {
    const code =
      "import { NextResponse as R } from 'next/server';\nexport function proxy() {\n  return R.next();\n}\n";
    const result = composeProxy(code, true);
    expect(result.status === 'edited' && result.after).toContain(
      'const response = (await proxy()) ?? R.next();\n  if (response instanceof R) applyPinterestCookies(request, response);',
    );
  });

  it('leaves to the user: an arrow function, NextResponse imported as a type, extra exports', () => {
    expect(composeProxy('export const middleware = () => undefined;\n', true).status).toBe(
      'manual',
    );
    const typeOnly =
      "import type { NextResponse } from 'next/server';\nexport function middleware(): NextResponse | undefined {\n  return undefined;\n}\n";
    expect(composeProxy(typeOnly, true)).toEqual({
      status: 'manual',
      reason: 'NextResponse is imported as a type only',
    });
    const extra = 'export function middleware() {}\nexport function helper() {}\n';
    expect(composeProxy(extra, true).status).toBe('manual');
  });

  it('is done when the file already uses pinbridge', () => {
    const code =
      "import { pinterestProxy } from '@pinbridge/next/proxy';\nexport default pinterestProxy();\n";
    expect(composeProxy(code, true)).toEqual({ status: 'done' });
  });
});
