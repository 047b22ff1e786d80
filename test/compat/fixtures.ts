// The compatibility matrix: each fixture is a bare create-next-app app (trimmed) under
// fixtures/<name>, with its own package.json and package-lock.json, installed from the npm
// registry; `pinbridge init --yes` adds pinbridge's files to a copy of it in each run.

/** One Next.js app of the matrix. */
export interface Fixture {
  /** The folder under test/compat/fixtures. */
  name: string;
  /** What it proves, as the test names it. */
  title: string;
  /** Also run under `next dev` (once in the matrix: dev compiles differently from a build). */
  dev?: boolean;
  /** Its middleware.ts runs on the Edge runtime (Next 15 and older, by default). */
  edge?: boolean;
}

export const FIXTURES: Fixture[] = [
  { name: 'next14-pages', title: 'Next 14.2, Pages Router, middleware.ts, React 18', edge: true },
  {
    name: 'next15-app-src',
    title: 'Next 15.5, App Router in src/, middleware.ts on the Edge runtime, React 19',
    edge: true,
  },
  { name: 'next16-app', title: 'Next 16, App Router, proxy.ts, React 19', dev: true },
  { name: 'next16-pages', title: 'Next 16, Pages Router, proxy.ts, React 19' },
];
