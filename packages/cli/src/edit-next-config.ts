// Wraps what next.config exports in withPinterest(…): `export default X` (ESM, TypeScript) or
// `module.exports = X` (CommonJS), adding the import or require beside the file's own.
import { type EditResult, safely } from './edit-result.js';
import {
  applySplices,
  importSplice,
  mentions,
  type NodeOf,
  occurrences,
  parseSource,
  type Source,
  type Splice,
  styleOf,
} from './source.js';
import { MODULES } from './templates.js';

const isModuleExports = (node: NodeOf<'ExpressionStatement'>['expression']) =>
  node.type === 'AssignmentExpression' &&
  node.operator === '=' &&
  node.left.type === 'MemberExpression' &&
  node.left.object.type === 'Identifier' &&
  node.left.object.name === 'module' &&
  node.left.property.type === 'Identifier' &&
  node.left.property.name === 'exports';

/** The exported expression's offsets, or why there is none init can wrap. */
interface Target {
  start: number;
  end: number;
  commonJs: boolean;
  /** What follows the closing parenthesis. */
  semi: string;
}

function exported(source: Source): Target | string {
  const defaults = source.body.filter((node) => node.type === 'ExportDefaultDeclaration');
  const assignments = source.body.filter(
    (node): node is NodeOf<'ExpressionStatement'> =>
      node.type === 'ExpressionStatement' && isModuleExports(node.expression),
  );
  if (defaults.length + assignments.length !== 1) {
    return 'no single `export default` or `module.exports =` at the top level';
  }
  if (assignments.length === 1) {
    const { right } = assignments[0].expression as NodeOf<'AssignmentExpression'>;
    return { start: right.start!, end: right.end!, commonJs: true, semi: '' };
  }
  const { declaration } = defaults[0] as NodeOf<'ExportDefaultDeclaration'>;
  if (declaration.type === 'ClassDeclaration' || declaration.type === 'TSDeclareFunction') {
    return 'its default export is not a config';
  }
  // A named function declaration binds its name in the module; as a wrapped expression it would not.
  if (declaration.type === 'FunctionDeclaration' && declaration.id) {
    const name = declaration.id.name;
    if (occurrences(source, name) > 1) {
      return `its default export, function ${name}, is used by name elsewhere`;
    }
  }
  // A declaration needs no semicolon; the call that replaces it does, in a file that uses them.
  const semi = declaration.type === 'FunctionDeclaration' && styleOf(source).semi ? ';' : '';
  return { start: declaration.start!, end: declaration.end!, commonJs: false, semi };
}

/**
 * next.config's code with its export wrapped in `withPinterest(…)`; `done` when it already
 * calls withPinterest, `manual` when its shape is not one init can wrap (or it does not parse).
 *
 * @example
 * editNextConfig('const c = {};\nmodule.exports = c;\n');
 * // { status: 'edited', after: "const { withPinterest } = require('@pinbridge/next/config');\n\n…module.exports = withPinterest(c);\n" }
 */
export function editNextConfig(code: string): EditResult {
  return safely(() => {
    const source = parseSource(code);
    if (mentions(source, 'withPinterest')) return { status: 'done' };
    const target = exported(source);
    if (typeof target === 'string') return { status: 'manual', reason: target };
    const line = target.commonJs
      ? `const { withPinterest } = require('${MODULES.config}')`
      : `import { withPinterest } from '${MODULES.config}'`;
    const splices: Splice[] = [
      importSplice(source, line),
      { start: target.start, end: target.start, text: 'withPinterest(' },
      { start: target.end, end: target.end, text: `)${target.semi}` },
    ];
    return { status: 'edited', after: applySplices(code, splices) };
  });
}
