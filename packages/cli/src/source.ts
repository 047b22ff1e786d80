// Reading a file's code for an edit. magicast parses (Babel, TypeScript and JSX); the edits
// themselves are splices at the offsets it reports, so every byte init does not mean to change
// stays as it was (reprinting through recast moves comments and blank lines around).
import { type ASTNode, parseModule } from 'magicast';
import { type CodeStyle, DEFAULT_STYLE, statement } from './templates.js';

/** A node of the given Babel type. */
export type NodeOf<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

/** A parsed file: its top-level statements, with offsets into `code`. */
export interface Source {
  code: string;
  body: ASTNode[];
}

/**
 * Parses `code` as a module (TypeScript and JSX allowed). Throws on a syntax error.
 *
 * @example
 * parseSource('export default {};').body[0].type; // 'ExportDefaultDeclaration'
 */
export function parseSource(code: string): Source {
  const program = parseModule(code).$ast as NodeOf<'Program'>;
  return { code, body: program.body };
}

/** One text edit: `text` replaces `code.slice(start, end)`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping splices, given in any order; insertions at one offset land in the
 * order given.
 *
 * @example
 * applySplices('ab', [{ start: 1, end: 1, text: '-' }]); // 'a-b'
 */
export function applySplices(code: string, splices: readonly Splice[]): string {
  let result = code;
  const ordered = splices.map((splice, index) => ({ ...splice, index }));
  // From the end backwards, so earlier offsets stay valid. At one offset a replacement goes
  // first (an insertion there then lands before it), and of two insertions the later one.
  ordered.sort(
    (a, b) => b.start - a.start || b.end - b.start - (a.end - a.start) || b.index - a.index,
  );
  for (const { start, end, text } of ordered) {
    result = result.slice(0, start) + text + result.slice(end);
  }
  return result;
}

/**
 * Calls `visit` on every node under `node`, depth first.
 *
 * @example
 * walk(parseSource(code).body, (node) => node.type === 'JSXElement' && found.push(node));
 */
export function walk(node: unknown, visit: (node: ASTNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== 'object' || node === null || typeof (node as ASTNode).type !== 'string') {
    return;
  }
  visit(node as ASTNode);
  for (const [key, value] of Object.entries(node)) {
    // Babel's bookkeeping, not children (comments would be visited twice).
    if (key === 'loc' || key.endsWith('Comments') || key === 'extra') continue;
    walk(value, visit);
  }
}

const isRequire = (node: ASTNode): boolean =>
  node.type === 'VariableDeclaration' &&
  node.declarations.some(
    (declaration) =>
      declaration.init?.type === 'CallExpression' &&
      declaration.init.callee.type === 'Identifier' &&
      declaration.init.callee.name === 'require',
  );

const isModuleHeader = (node: ASTNode) => node.type === 'ImportDeclaration' || isRequire(node);

/**
 * The quotes and semicolons of the file's first import or require, else pinbridge's own style.
 *
 * @example
 * styleOf(parseSource('import a from "a"\n')); // { quote: '"', semi: false }
 */
export function styleOf(source: Source): CodeStyle {
  const header = source.body.find(isModuleHeader);
  if (!header || header.start == null || header.end == null) return DEFAULT_STYLE;
  const text = source.code.slice(header.start, header.end);
  return {
    quote: /^[^'"]*"/.test(text) ? '"' : "'",
    semi: text.trimEnd().endsWith(';'),
  };
}

/**
 * The splice adding `lines` (imports or requires, without semicolons) after the last import or
 * require at the top of the file, else at its start (after any directives such as
 * 'use client'), in the file's style.
 *
 * @example
 * applySplices(code, [importSplice(source, "import { a } from 'b'")]);
 */
export function importSplice(source: Source, ...lines: string[]): Splice {
  const style = styleOf(source);
  const text = lines.map((line) => statement(line, style)).join('\n');
  const headers = source.body.filter(isModuleHeader);
  const last = headers.at(-1);
  if (last?.end != null) return { start: last.end, end: last.end, text: `\n${text}` };
  const directive = /^(?:\s*(['"])use (?:client|server|strict)\1;?)+/.exec(source.code);
  if (directive) {
    const end = directive[0].length;
    return { start: end, end, text: `\n\n${text}` };
  }
  return { start: 0, end: 0, text: `${text}\n\n` };
}

/**
 * How many times the file names `name` as an identifier (JSX names included).
 *
 * @example
 * occurrences(parseSource('function c() {}\nc.x = 1;'), 'c'); // 2
 */
export function occurrences(source: Source, name: string): number {
  let count = 0;
  walk(source.body, (node) => {
    if ((node.type === 'Identifier' || node.type === 'JSXIdentifier') && node.name === name) {
      count += 1;
    }
  });
  return count;
}

/**
 * Whether the file already mentions `name` as an identifier (JSX names included).
 *
 * @example
 * mentions(parseSource('export default withPinterest({});'), 'withPinterest'); // true
 */
export function mentions(source: Source, name: string): boolean {
  return occurrences(source, name) > 0;
}
