// What `pinbridge init` would do to an app, decided before anything is written: the files to
// create or edit (each with its text before and after) and what must be done by hand.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeProxy } from './compose-proxy.js';
import { findSource, inBase, type Project, proxyFileName } from './detect.js';
import { editNextConfig } from './edit-next-config.js';
import type { EditResult } from './edit-result.js';
import { appendMissingVariables, gitignoreCovers, readEnvFiles } from './env-file.js';
import { insertTagInLayout, insertTagInPagesApp } from './insert-tag.js';
import {
  APP_ROUTE_FILE,
  LAYOUT_SNIPPET,
  NEXT_CONFIG_FILE,
  nextConfigSnippet,
  PAGES_APP_SNIPPET,
  PAGES_ROUTE_FILE,
  PROXY_FILE,
  PROXY_SNIPPET,
  pagesAppFile,
} from './templates.js';

/** One file to write: `before` is its current text, absent for a new file. */
export interface FileChange {
  path: string;
  before?: string;
  after: string;
  /** What to do by hand should writing it fail. */
  snippet: string;
}

/** Something init leaves to the user: a warning, or an edit to make by hand (with its snippet). */
export interface Note {
  path?: string;
  message: string;
  snippet?: string;
}

/** Everything init would do. */
export interface Plan {
  changes: FileChange[];
  notes: Note[];
}

const PROXY_STEMS = ['proxy', 'middleware'] as const;

/**
 * Plans `pinbridge init` for `project`: reads files, writes none.
 *
 * @example
 * const { changes, notes } = planInit(detectProject(cwd));
 */
export function planInit(project: Project): Plan {
  const plan: Plan = { changes: [], notes: [] };
  const read = (path: string) => readFileSync(join(project.root, path), 'utf8');
  const exists = (path: string) => existsSync(join(project.root, path));

  const edit = (path: string, result: EditResult, snippet: string, what: string) => {
    if (result.status === 'edited')
      plan.changes.push({ path, before: read(path), after: result.after, snippet });
    else if (result.status === 'manual') {
      plan.notes.push({ path, message: `${what}: ${result.reason}; add this by hand`, snippet });
    }
  };
  const create = (path: string, after: string) =>
    plan.changes.push({ path, after, snippet: after });

  // next.config
  const config = project.nextConfig;
  if (!config) create('next.config.mjs', NEXT_CONFIG_FILE);
  else {
    const code = read(config.path);
    const commonJs = config.kind === 'cjs' || /\bmodule\.exports\b/.test(code);
    edit(
      config.path,
      editNextConfig(code),
      nextConfigSnippet(commonJs),
      `${config.path} was not edited`,
    );
  }

  planProxy(project, plan, read, create, edit);

  // The /api/pin route: App Router's when there is app/ (one route serves both routers).
  const extension = project.typescript ? 'ts' : 'js';
  if (project.appDir) {
    const stem = `${project.appDir}/api/pin/route`;
    if (!findSource(project.root, stem)) create(`${stem}.${extension}`, APP_ROUTE_FILE);
  } else if (project.pagesDir) {
    const stem = `${project.pagesDir}/api/pin`;
    if (!findSource(project.root, stem) && !findSource(project.root, `${stem}/index`)) {
      create(`${stem}.${extension}`, PAGES_ROUTE_FILE);
    }
  }

  // <PinterestTag />
  if (project.appDir) {
    const layout = findSource(project.root, `${project.appDir}/layout`);
    if (!layout) {
      plan.notes.push({
        message: `no ${project.appDir}/layout found; add this to your root layout`,
        snippet: LAYOUT_SNIPPET,
      });
    } else {
      edit(layout, insertTagInLayout(read(layout)), LAYOUT_SNIPPET, `${layout} was not edited`);
    }
  }
  if (project.pagesDir) {
    const app = findSource(project.root, `${project.pagesDir}/_app`);
    if (!app)
      create(
        `${project.pagesDir}/_app.${project.typescript ? 'tsx' : 'jsx'}`,
        pagesAppFile(project.typescript),
      );
    else edit(app, insertTagInPagesApp(read(app)), PAGES_APP_SNIPPET, `${app} was not edited`);
  }

  // .env.local
  const defined = new Set(readEnvFiles(project.root).flatMap(({ values }) => [...values.keys()]));
  const current = exists('.env.local') ? read('.env.local') : undefined;
  const env = appendMissingVariables(current ?? '', defined);
  if (env !== undefined) {
    plan.changes.push({ path: '.env.local', before: current, after: env, snippet: env });
  }
  const gitignore = exists('.gitignore') ? read('.gitignore') : '';
  if (!gitignoreCovers(gitignore, '.env.local')) {
    plan.notes.push({
      path: '.gitignore',
      message: '.gitignore does not cover .env.local, which holds your access token: add this line',
      snippet: '.env*.local',
    });
  }
  return plan;
}

function planProxy(
  project: Project,
  plan: Plan,
  read: (path: string) => string,
  create: (path: string, after: string) => void,
  edit: (path: string, result: EditResult, snippet: string, what: string) => void,
) {
  const target = proxyFileName(project);
  const existing = PROXY_STEMS.map((stem) =>
    findSource(project.root, inBase(project, stem)),
  ).filter((path): path is string => path !== undefined);
  if (project.base === 'src') {
    for (const stem of PROXY_STEMS) {
      const misplaced = findSource(project.root, stem);
      if (misplaced) {
        plan.notes.push({
          path: misplaced,
          message: `${misplaced} is ignored: with a src/ layout Next loads only src/${stem}.*; move its code into ${existing[0] ?? target}`,
        });
      }
    }
  }
  if (existing.length === 0) return create(target, PROXY_FILE);
  if (existing.length > 1) {
    plan.notes.push({
      message: `both ${existing.join(' and ')} exist; Next loads one: keep one, then add this to it`,
      snippet: PROXY_SNIPPET,
    });
    return;
  }
  const [path] = existing;
  if (project.next.major < 16 && path.includes('proxy.')) {
    plan.notes.push({
      path,
      message: `Next ${project.next.major} loads middleware.*, not proxy.*: rename ${path}, then run init again`,
    });
    return;
  }
  const code = read(path);
  const result = composeProxy(code, /\.tsx?$/.test(path));
  edit(path, result, PROXY_SNIPPET, `${path} was not composed with pinbridge`);
  if (result.status === 'edited' && /\bmatcher\b/.test(code)) {
    plan.notes.push({
      path,
      message: `${path} keeps its own matcher: pinbridge sets its cookies only where it matches, so it must include your pages`,
    });
  }
  if (project.next.major >= 16 && path.includes('middleware.')) {
    plan.notes.push({
      path,
      message:
        'Next 16 still runs middleware.* but has renamed it proxy.*: `npx @next/codemod@latest middleware-to-proxy .`',
    });
  }
}
