// What `pinbridge init` and `pinbridge doctor` need to know about a Next.js app, read from its
// files only (nothing is run): the Next version, the routers, where proxy/middleware belongs,
// TypeScript or not, the next.config file and the import alias.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The kinds of next.config Next loads. */
const NEXT_CONFIG_KINDS = ['js', 'cjs', 'mjs', 'ts', 'mts'] as const;

/** One of {@link NEXT_CONFIG_KINDS}. */
export type NextConfigKind = (typeof NEXT_CONFIG_KINDS)[number];

/** Where the Next major came from: the installed package, the package.json range, or neither. */
export type VersionSource = 'installed' | 'range' | 'assumed';

/** A Next.js app as init and doctor see it. Paths are relative to `root`, with `/`. */
export interface Project {
  root: string;
  next: { major: number; source: VersionSource; text: string };
  /** `src` when there is src/app or src/pages (Next then loads proxy/middleware from src/ only), else ``. */
  base: '' | 'src';
  /** The App Router folder (`app` or `src/app`), when there is one. */
  appDir?: string;
  /** The Pages Router folder (`pages` or `src/pages`), when there is one. */
  pagesDir?: string;
  typescript: boolean;
  nextConfig?: { path: string; kind: NextConfigKind };
  /** The alias of the app's own files, e.g. `@/*`, from tsconfig/jsconfig `paths`. */
  alias?: string;
}

/** Why a folder is not a Next.js app init can work on. */
export class NotNextAppError extends Error {}

// The newest major init knows: a range it cannot read (`latest`, `canary`) is taken as this.
const NEWEST_MAJOR = 16;

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    // tsconfig.json may carry comments and trailing commas; create-next-app writes neither,
    // and an alias that cannot be read only goes unreported.
    const text = readFileSync(path, 'utf8')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/,(\s*[}\]])/g, '$1');
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function installedNext(root: string): string | undefined {
  try {
    const path = createRequire(join(root, 'package.json')).resolve('next/package.json');
    const version = readJson(path)?.version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function nextVersion(root: string, manifest: Record<string, unknown>): Project['next'] {
  const installed = installedNext(root);
  const major = (text: string) => Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
  if (installed && Number.isFinite(major(installed))) {
    return { major: major(installed), source: 'installed', text: installed };
  }
  const dependencies = {
    ...(manifest.devDependencies as Record<string, string> | undefined),
    ...(manifest.dependencies as Record<string, string> | undefined),
  };
  const range = dependencies.next;
  if (range === undefined) {
    throw new NotNextAppError('no `next` in package.json: run pinbridge in the Next.js app folder');
  }
  // The lowest major of the range (`^15.5.0`, `>=14 <16`, `15.x`) is the one the app must run on.
  if (Number.isFinite(major(range))) return { major: major(range), source: 'range', text: range };
  return { major: NEWEST_MAJOR, source: 'assumed', text: range };
}

function alias(root: string): string | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const paths = (readJson(join(root, name))?.compilerOptions as { paths?: unknown } | undefined)
      ?.paths;
    if (typeof paths !== 'object' || paths === null) continue;
    for (const [key, targets] of Object.entries(paths)) {
      const first = Array.isArray(targets) ? targets[0] : undefined;
      if (key.endsWith('/*') && (first === './src/*' || first === './*' || first === 'src/*')) {
        return key;
      }
    }
  }
  return undefined;
}

/**
 * Reads the Next.js app at `root`. Throws a {@link NotNextAppError} when there is no
 * package.json, no `next` in it, or neither an app/ nor a pages/ folder.
 *
 * @example
 * const project = detectProject('/path/to/app');
 * project.next.major; // 16
 * project.base; // 'src' for an app with src/app
 */
export function detectProject(root: string): Project {
  const manifest = readJson(join(root, 'package.json'));
  if (!manifest) throw new NotNextAppError(`no package.json in ${root}`);
  const next = nextVersion(root, manifest);
  const has = (path: string) => existsSync(join(root, path));
  const base = has('src/app') || has('src/pages') ? 'src' : '';
  const app = inBase({ base }, 'app');
  const pages = inBase({ base }, 'pages');
  const appDir = has(app) ? app : undefined;
  const pagesDir = has(pages) ? pages : undefined;
  if (!appDir && !pagesDir) {
    throw new NotNextAppError('no app/ or pages/ folder (nor src/app, src/pages) found');
  }
  const configKind = NEXT_CONFIG_KINDS.find((kind) => has(`next.config.${kind}`));
  return {
    root,
    next,
    base,
    appDir,
    pagesDir,
    typescript: has('tsconfig.json'),
    nextConfig: configKind && { path: `next.config.${configKind}`, kind: configKind },
    alias: alias(root),
  };
}

/**
 * `path` inside the folder Next reads proxy/middleware from (src/ for a src/ layout).
 *
 * @example
 * inBase(project, 'proxy.ts'); // 'src/proxy.ts'
 */
export function inBase(project: Pick<Project, 'base'>, path: string): string {
  return project.base ? `${project.base}/${path}` : path;
}

/**
 * The proxy (16+) or middleware (14.2 to 15) file init writes, in the folder Next reads.
 *
 * @example
 * proxyFileName(detectProject('/path/to/next-15-src-app')); // 'src/middleware.ts'
 */
export function proxyFileName(project: Project): string {
  const name = project.next.major >= 16 ? 'proxy' : 'middleware';
  return inBase(project, `${name}.${project.typescript ? 'ts' : 'js'}`);
}

/** The extensions Next accepts for proxy/middleware, pages and layouts. */
const SOURCE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs'] as const;

/**
 * The first of `stem` + each of {@link SOURCE_EXTENSIONS} that exists under `root`, relative.
 *
 * @example
 * findSource(root, 'src/app/layout'); // 'src/app/layout.tsx'
 */
export function findSource(root: string, stem: string): string | undefined {
  return SOURCE_EXTENSIONS.map((extension) => `${stem}.${extension}`).find((path) =>
    existsSync(join(root, path)),
  );
}
