// Composes an existing proxy.ts/middleware.ts with pinbridge's cookies, when it is one plain
// function (`export function middleware|proxy` or `export default function`): that function
// stays as written, no longer exported, and a new default export runs it, then applies
// pinbridge's cookies to the NextResponse it returned. Any other shape is left to the user.
import { type EditResult, safely } from './edit-result.js';
import {
  applySplices,
  importSplice,
  mentions,
  type NodeOf,
  parseSource,
  type Source,
  type Splice,
  styleOf,
} from './source.js';
import { MODULES, statement } from './templates.js';

const NEXT_SERVER = new Set(['next/server', 'next/server.js']);
const OWN_NAME = 'ownProxy';

/** The local name NextResponse has, `null` when the name is taken by something else. */
function nextResponseName(source: Source): string | undefined | null {
  for (const node of source.body) {
    if (node.type !== 'ImportDeclaration') continue;
    for (const specifier of node.specifiers) {
      const imported =
        specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier'
          ? specifier.imported.name
          : undefined;
      const typeOnly =
        node.importKind === 'type' ||
        (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type');
      if (imported === 'NextResponse' && NEXT_SERVER.has(node.source.value) && !typeOnly) {
        return specifier.local.name;
      }
      if (specifier.local.name === 'NextResponse') return null;
    }
  }
  return undefined;
}

type Exported = { statement: NodeOf<'ExportNamedDeclaration' | 'ExportDefaultDeclaration'> };

/** The one function Next would call, or why there is not exactly one plain function. */
function userFunction(source: Source): (Exported & { fn: NodeOf<'FunctionDeclaration'> }) | string {
  const found: (Exported & { fn: NodeOf<'FunctionDeclaration'> })[] = [];
  for (const node of source.body) {
    if (node.type === 'ExportDefaultDeclaration') {
      if (node.declaration.type !== 'FunctionDeclaration') {
        return 'its default export is not a function declaration';
      }
      found.push({ statement: node, fn: node.declaration });
    } else if (node.type === 'ExportNamedDeclaration') {
      const { declaration } = node;
      if (
        declaration?.type === 'FunctionDeclaration' &&
        (declaration.id?.name === 'middleware' || declaration.id?.name === 'proxy')
      ) {
        found.push({ statement: node, fn: declaration });
      } else if (node.specifiers.length > 0 || declaration?.type !== 'VariableDeclaration') {
        return 'it exports more than a function and its config';
      }
    }
  }
  return found.length === 1 ? found[0] : 'it does not export exactly one middleware function';
}

/**
 * An existing proxy/middleware composed with pinbridge's cookies; `done` when it already uses
 * `@pinbridge/next/proxy`, `manual` when it is not one plain exported function.
 *
 * @example
 * composeProxy("export function middleware(request) {\n  return NextResponse.next();\n}\n", false);
 * // { status: 'edited', after: "…function middleware(request) {…}\n\nexport default async function withPinterestCookies(request, event) {…}\n" }
 */
export function composeProxy(code: string, typescript: boolean): EditResult {
  return safely(() => {
    const source = parseSource(code);
    if (mentions(source, 'pinterestProxy') || mentions(source, 'applyPinterestCookies')) {
      return { status: 'done' };
    }
    const target = userFunction(source);
    if (typeof target === 'string') return { status: 'manual', reason: target };
    const responseName = nextResponseName(source);
    if (responseName === null) {
      return { status: 'manual', reason: 'NextResponse is imported as a type only' };
    }
    const { fn } = target;
    const name = fn.id?.name ?? OWN_NAME;
    const imports = [`import { applyPinterestCookies } from '${MODULES.proxy}'`];
    if (responseName === undefined) imports.push("import { NextResponse } from 'next/server'");
    const splices: Splice[] = [
      importSplice(source, ...imports),
      // `export ` / `export default ` goes; the function keeps its code and its name.
      { start: target.statement.start!, end: fn.start!, text: '' },
    ];
    if (!fn.id) {
      const keyword = /^(?:async\s+)?function\s*\*?\s*/.exec(code.slice(fn.start!))![0];
      const at = fn.start! + keyword.length;
      splices.push({ start: at, end: at, text: /\s$/.test(keyword) ? name : ` ${name}` });
    }
    const style = styleOf(source);
    // As many arguments as the function takes, so that a strict tsconfig finds none unused.
    const names = ['request', 'event'];
    const args = names.slice(0, fn.params.length).join(', ');
    const types = [": import('next/server').NextRequest", ": import('next/server').NextFetchEvent"];
    const params = names
      .slice(0, Math.max(1, fn.params.length))
      .map((param, index) => `${param}${typescript ? types[index] : ''}`);
    const signature =
      params.length === 1 && !typescript
        ? `(${params[0]})`
        : `(\n${params.map((param) => `  ${param},\n`).join('')})`;
    const response = responseName ?? 'NextResponse';
    const wrapper = `

// Added by \`pinbridge init\`: ${name} runs first, then pinbridge's cookies go on its response.
export default async function withPinterestCookies${signature} {
  ${statement(`const response = (await ${name}(${args})) ?? ${response}.next()`, style)}
  ${statement(`if (response instanceof ${response}) applyPinterestCookies(request, response)`, style)}
  ${statement('return response', style)}
}
`;
    const end = code.trimEnd().length;
    splices.push({ start: end, end: code.length, text: wrapper });
    return { status: 'edited', after: applySplices(code, splices) };
  });
}
