// The variables a pinbridge app needs, the env files Next reads them from, and whether git
// keeps .env.local out of the repository. Values are read to tell set from unset, never shown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A variable init adds to .env.local and doctor checks. */
export interface Variable {
  name: string;
  /** The comment above it in .env.local. */
  comment: string;
  /** Inlined into the browser bundle by `next build`: it must be set before building. */
  buildTime?: boolean;
}

export const VARIABLES: readonly Variable[] = [
  {
    name: 'PINTEREST_ACCESS_TOKEN',
    comment:
      'pinbridge: the conversion access token (Ads Manager → Conversions). Server only: never NEXT_PUBLIC_.',
  },
  { name: 'PINTEREST_AD_ACCOUNT_ID', comment: 'pinbridge: your ad account id (digits).' },
  {
    name: 'NEXT_PUBLIC_PINTEREST_TAG_ID',
    comment:
      'pinbridge: your Pinterest Tag id. Inlined into the browser bundle by `next build`: set it before building.',
    buildTime: true,
  },
];

/** The env files Next reads, most specific first (a later one never overrides an earlier one). */
const ENV_FILES = [
  '.env.development.local',
  '.env.production.local',
  '.env.local',
  '.env.development',
  '.env.production',
  '.env',
] as const;

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * The variables a dotenv file defines (quotes removed, `#` comments ignored).
 *
 * @example
 * parseEnv('A=1\n# B=2\nC="x"\n'); // Map { 'A' => '1', 'C' => 'x' }
 */
export function parseEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const raw = match[2].trim();
    const quoted = /^(['"`])(.*)\1$/.exec(raw);
    values.set(match[1], quoted ? quoted[2] : raw.replace(/\s+#.*$/, ''));
  }
  return values;
}

/**
 * Each env file of the app that exists, most specific first, with what it defines.
 *
 * @example
 * readEnvFiles(root); // [{ file: '.env.local', values: Map { 'PINTEREST_AD_ACCOUNT_ID' => '…' } }]
 */
export function readEnvFiles(root: string): { file: string; values: Map<string, string> }[] {
  return ENV_FILES.filter((file) => existsSync(join(root, file))).map((file) => ({
    file,
    values: parseEnv(readFileSync(join(root, file), 'utf8')),
  }));
}

/**
 * `.env.local`'s text with every variable no env file of the app defines appended (empty, with
 * its comment); `undefined` when none is missing. Keys defined in another file are left alone:
 * an empty one in .env.local would override them.
 *
 * @example
 * appendMissingVariables('', new Set(['PINTEREST_AD_ACCOUNT_ID']));
 * // '# pinbridge: the conversion access token …\nPINTEREST_ACCESS_TOKEN=\n# …\nNEXT_PUBLIC_PINTEREST_TAG_ID=\n'
 */
export function appendMissingVariables(
  current: string,
  defined: ReadonlySet<string>,
): string | undefined {
  const missing = VARIABLES.filter((variable) => !defined.has(variable.name));
  if (missing.length === 0) return undefined;
  const block = missing.map(({ name, comment }) => `# ${comment}\n${name}=\n`).join('');
  const separator = current === '' ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  return current + separator + block;
}

function globToRegExp(pattern: string): RegExp {
  const part = (text: string) =>
    text
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
  return new RegExp(`^${pattern.split('**').map(part).join('.*')}$`);
}

/**
 * Whether a .gitignore at the app's root ignores `file` (a name at that root): the last
 * pattern that matches decides, `!` patterns re-including.
 *
 * @example
 * gitignoreCovers('.env*\n', '.env.local'); // true
 * gitignoreCovers('node_modules\n', '.env.local'); // false
 */
export function gitignoreCovers(gitignore: string, file: string): boolean {
  let ignored = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/|\/$/g, '').replace(/^\*\*\//, '');
    if (globToRegExp(pattern).test(file)) ignored = !negated;
  }
  return ignored;
}
