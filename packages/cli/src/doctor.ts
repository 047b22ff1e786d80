// The checks of `pinbridge doctor`: the variables (by name; a value is never printed), the token
// (one synthetic event sent with ?test=true, which Pinterest validates and does not record), and
// the files Next must find where it looks for them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvent, clientFromEnv } from '@pinbridge/core';
import { findSource, inBase, type Project, proxyFileName } from './detect.js';
import { readEnvFiles, VARIABLES } from './env-file.js';

/** One finding: `fail` makes doctor exit non-zero, `warn` does not. */
export interface Check {
  status: 'ok' | 'warn' | 'fail';
  message: string;
  /** What to do about it. */
  fix?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Every variable and where it is set: the process environment wins, then the most specific env
 * file Next reads.
 *
 * @example
 * resolveEnv(root, process.env).origin.get('PINTEREST_AD_ACCOUNT_ID'); // '.env.local'
 */
function resolveEnv(root: string, env: Env): { values: Env; origin: Map<string, string> } {
  const values: Env = {};
  const origin = new Map<string, string>();
  for (const { file, values: defined } of readEnvFiles(root).reverse()) {
    for (const [name, value] of defined) {
      values[name] = value;
      origin.set(name, file);
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    values[name] = value;
    origin.set(name, 'the environment');
  }
  return { values, origin };
}

function variableChecks(values: Env, origin: Map<string, string>): Check[] {
  return VARIABLES.map(({ name, buildTime }): Check => {
    if (values[name]?.trim()) {
      const when = buildTime ? ', inlined by `next build`' : '';
      return { status: 'ok', message: `${name} is set (${origin.get(name)}${when})` };
    }
    const fix = buildTime
      ? `set it in .env.local (or the build's environment) before \`next build\`: it is inlined at build time, and a build without it loads no tag`
      : 'set it in .env.local (or the server environment)';
    return { status: 'fail', message: `${name} is not set`, fix };
  });
}

// A page view any web event could be: the synthetic event Pinterest validates in test mode.
async function syntheticEvent() {
  return buildEvent(
    { event_name: 'page_visit', event_id: `pinbridge-doctor-${Date.now().toString(36)}` },
    { client_ip_address: '192.0.2.1', client_user_agent: 'pinbridge-doctor' },
  );
}

/**
 * Sends one synthetic event with `?test=true` to PINTEREST_API_URL (default Pinterest's) with the
 * token and account of `values`, and says whether Pinterest accepted it.
 *
 * @example
 * await tokenCheck({ PINTEREST_ACCESS_TOKEN: '…', PINTEREST_AD_ACCOUNT_ID: '549755885175' });
 * // { status: 'ok', message: 'the token works: …' }
 */
export async function tokenCheck(values: Env, fetchImpl?: typeof fetch): Promise<Check> {
  let client: ReturnType<typeof clientFromEnv>;
  try {
    client = clientFromEnv(
      {
        test: true,
        retry: false,
        consume: false,
        debug: false,
        onError: () => {},
        fetch: fetchImpl,
      },
      values,
    );
  } catch (error) {
    return { status: 'fail', message: `cannot reach Pinterest: ${(error as Error).message}` };
  }
  try {
    const [result] = (await client.send(await syntheticEvent())).results;
    const where = values.PINTEREST_API_URL?.trim() ? 'PINTEREST_API_URL' : "Pinterest's API";
    if (result?.status === 'processed') {
      return {
        status: 'ok',
        message: `the token works: ${where} accepted a test event (?test=true, not recorded)`,
      };
    }
    return {
      status: 'fail',
      message: `${where} refused the test event: ${result?.error_message ?? 'no answer'}`,
      fix: 'check PINTEREST_ACCESS_TOKEN (a conversion token of this ad account) and PINTEREST_AD_ACCOUNT_ID',
    };
  } finally {
    await client.close({ timeoutMs: 0 });
  }
}

function proxyCheck(project: Project): Check {
  const expected = proxyFileName(project);
  const found = (stem: string) => findSource(project.root, stem);
  const here = ['proxy', 'middleware']
    .map((stem) => found(inBase(project, stem)))
    .filter(Boolean) as string[];
  if (here.length === 0) {
    const misplaced = project.base === 'src' && (found('proxy') ?? found('middleware'));
    if (misplaced) {
      return {
        status: 'fail',
        message: `${misplaced} is ignored: with a src/ layout Next loads proxy/middleware from src/ only`,
        fix: `move it to src/${misplaced}`,
      };
    }
    return { status: 'fail', message: `no ${expected}`, fix: 'run `npx pinbridge init`' };
  }
  const [path] = here;
  const code = readFileSync(join(project.root, path), 'utf8');
  if (project.next.major < 16 && path.includes('proxy.')) {
    return {
      status: 'fail',
      message: `${path} is ignored: Next ${project.next.major} loads middleware.*, not proxy.*`,
      fix: `rename it to ${path.replace('proxy.', 'middleware.')}`,
    };
  }
  if (!/\b(?:pinterestProxy|applyPinterestCookies)\b/.test(code)) {
    return {
      status: 'fail',
      message: `${path} does not set pinbridge's cookies`,
      fix: 'call pinterestProxy() or applyPinterestCookies() in it (`npx pinbridge init` shows how)',
    };
  }
  if (project.next.major >= 16 && path.includes('middleware.')) {
    return {
      status: 'warn',
      message: `${path} runs, but Next 16 names it proxy.*`,
      fix: '`npx @next/codemod@latest middleware-to-proxy .`',
    };
  }
  return { status: 'ok', message: `${path} is where Next ${project.next.major} loads it` };
}

/** Whether the first of `paths` that exists matches `pattern`. */
function fileCheck(
  project: Project,
  paths: (string | undefined)[],
  pattern: RegExp,
  what: string,
): Check {
  const path = paths.find((candidate) => candidate && existsSync(join(project.root, candidate)));
  if (path && pattern.test(readFileSync(join(project.root, path), 'utf8'))) {
    return { status: 'ok', message: `${what} (${path})` };
  }
  const fix = 'run `npx pinbridge init`, or see README.md "Set up a Next.js app"';
  return { status: 'fail', message: `${what}: not found${path ? ` in ${path}` : ''}`, fix };
}

/**
 * Every check of `pinbridge doctor` for `project`, in the order printed. `env` is the process
 * environment; the env files of the app are read too.
 *
 * @example
 * const failed = (await runChecks(project, process.env)).some((check) => check.status === 'fail');
 */
export async function runChecks(project: Project, env: Env): Promise<Check[]> {
  const { values, origin } = resolveEnv(project.root, env);
  const checks = variableChecks(values, origin);
  const account = values.PINTEREST_AD_ACCOUNT_ID?.trim();
  if (account && !/^\d{1,18}$/.test(account)) {
    checks.push({ status: 'fail', message: 'PINTEREST_AD_ACCOUNT_ID is not 1 to 18 digits' });
  } else if (values.PINTEREST_ACCESS_TOKEN?.trim() && account) {
    checks.push(await tokenCheck(values));
  }
  checks.push(proxyCheck(project));
  const source = (stem: string | undefined) => stem && findSource(project.root, stem);
  const { appDir, pagesDir } = project;
  const routes = [
    source(appDir && `${appDir}/api/pin/route`),
    source(pagesDir && `${pagesDir}/api/pin`),
    source(pagesDir && `${pagesDir}/api/pin/index`),
  ];
  checks.push(
    fileCheck(project, routes, /\bcreatePinterest(?:Handler|ApiRoute)\b/, 'the /api/pin route'),
  );
  const roots = [source(appDir && `${appDir}/layout`), source(pagesDir && `${pagesDir}/_app`)];
  checks.push(fileCheck(project, roots, /<PinterestTag\b/, '<PinterestTag /> is rendered'));
  checks.push(
    fileCheck(
      project,
      [project.nextConfig?.path],
      /\bwithPinterest\b/,
      'next.config wraps its config in withPinterest',
    ),
  );
  return checks;
}
