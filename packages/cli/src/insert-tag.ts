// Puts <PinterestTag /> where every page renders it: the last child of the root layout's <body>
// (App Router) or beside <Component /> in pages/_app (Pages Router). Only shapes where that is
// certain to be right are edited; anything else is left to the user, with the snippet.
import type { ASTNode } from 'magicast';
import { type EditResult, safely } from './edit-result.js';
import {
  applySplices,
  importSplice,
  mentions,
  type NodeOf,
  parseSource,
  type Source,
  type Splice,
  walk,
} from './source.js';
import { TAG_ELEMENT, TAG_IMPORT } from './templates.js';

type Jsx = NodeOf<'JSXElement'>;

const nameOf = (element: Jsx) => {
  const { name } = element.openingElement;
  return name.type === 'JSXIdentifier' ? name.name : undefined;
};

function defaultExport(source: Source) {
  return source.body.find(
    (node): node is NodeOf<'ExportDefaultDeclaration'> => node.type === 'ExportDefaultDeclaration',
  );
}

function elementsNamed(node: unknown, name: string): Jsx[] {
  const found: Jsx[] = [];
  walk(node, (child) => {
    if (child.type === 'JSXElement' && nameOf(child) === name) found.push(child);
  });
  return found;
}

/** The indentation of the line `offset` is on. */
function indentAt(code: string, offset: number): string {
  const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(code.slice(lineStart))![0];
}

/** Whether only whitespace precedes `offset` on its line. */
function startsLine(code: string, offset: number): boolean {
  const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
  return code.slice(lineStart, offset).trim() === '';
}

/** The indentation one level in from `outer`, as the file indents. */
function indentUnit(code: string): string {
  return /\n(\t| {2,4})\S/.exec(code)?.[1] ?? '  ';
}

/**
 * Parses `code` and hands `edit` the one `<name>` element the default export renders, when the
 * file holds no other: with two, which one every page shares is not certain. A file that already
 * mentions PinterestTag is done; anything `edit` throws leaves the file to the user.
 */
function editSoleElement(
  code: string,
  name: string,
  label: string,
  edit: (source: Source, element: Jsx, exported: NodeOf<'ExportDefaultDeclaration'>) => EditResult,
): EditResult {
  return safely(() => {
    const source = parseSource(code);
    if (mentions(source, 'PinterestTag')) return { status: 'done' };
    const exported = defaultExport(source);
    if (!exported) return { status: 'manual', reason: 'it has no default export' };
    const rendered = elementsNamed(exported, name);
    if (rendered.length !== 1 || elementsNamed(source.body, name).length !== 1) {
      return { status: 'manual', reason: `its default export does not render one ${label}` };
    }
    return edit(source, rendered[0], exported);
  });
}

function withImport(source: Source, splices: Splice[]): EditResult {
  return {
    status: 'edited',
    after: applySplices(source.code, [importSplice(source, TAG_IMPORT), ...splices]),
  };
}

/**
 * The root layout with `<PinterestTag />` as the last child of its `<body>`: only when the
 * default export holds exactly one `<body>…</body>` and the file has no other.
 *
 * @example
 * insertTagInLayout(code); // { status: 'edited', after: '…\n        <PinterestTag />\n      </body>…' }
 */
export function insertTagInLayout(code: string): EditResult {
  return editSoleElement(code, 'body', '<body>', (source, body) => {
    const closing = body.closingElement;
    if (!closing) return { status: 'manual', reason: 'its <body /> has no children' };
    const at = closing.start!;
    if (!startsLine(code, at)) {
      return withImport(source, [{ start: at, end: at, text: TAG_ELEMENT }]);
    }
    const indent = indentAt(code, at);
    const text = `${indent}${indentUnit(code)}${TAG_ELEMENT}\n`;
    const lineStart = at - indent.length;
    return withImport(source, [{ start: lineStart, end: lineStart, text }]);
  });
}

/**
 * pages/_app with `<PinterestTag />` beside the one `<Component />` its default export renders:
 * a sibling after it inside its parent element, or, when `<Component />` is what App returns,
 * both wrapped in a fragment.
 *
 * @example
 * insertTagInPagesApp('export default function App({ Component, pageProps }) {\n  return <Component {...pageProps} />;\n}\n');
 * // return (\n    <>\n      <Component {...pageProps} />\n      <PinterestTag />\n    </>\n  );
 */
export function insertTagInPagesApp(code: string): EditResult {
  return editSoleElement(code, 'Component', '<Component />', (source, component, exported) => {
    const unit = indentUnit(code);
    const parent = parentOf(exported, component);
    if (parent?.type === 'JSXElement' || parent?.type === 'JSXFragment') {
      const indent = indentAt(code, component.start!);
      const text = startsLine(code, component.start!) ? `\n${indent}${TAG_ELEMENT}` : TAG_ELEMENT;
      return withImport(source, [{ start: component.end!, end: component.end!, text }]);
    }
    if (parent?.type === 'ReturnStatement' || parent?.type === 'ArrowFunctionExpression') {
      const indent = indentAt(code, component.start!);
      const element = code.slice(component.start!, component.end!);
      const parenthesized = (component.extra as { parenthesized?: boolean } | undefined)
        ?.parenthesized;
      // `return (\n    <Component />\n  )` keeps its parentheses; `return <Component />` gains them.
      const [outer, open, close] = parenthesized
        ? [indent, '', '']
        : [`${indent}${unit}`, `(\n${indent}${unit}`, `\n${indent})`];
      const fragment = `${open}<>\n${outer}${unit}${element}\n${outer}${unit}${TAG_ELEMENT}\n${outer}</>${close}`;
      return withImport(source, [{ start: component.start!, end: component.end!, text: fragment }]);
    }
    return { status: 'manual', reason: 'its <Component /> is not inside an element it returns' };
  });
}

/** The node `target` is a direct child of. */
function parentOf(root: unknown, target: Jsx): ASTNode | undefined {
  let parent: ASTNode | undefined;
  walk(root, (node) => {
    for (const value of Object.values(node)) {
      if (value === target || (Array.isArray(value) && value.includes(target))) parent = node;
    }
  });
  return parent;
}
