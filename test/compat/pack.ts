import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The packages a Next.js app installs: @pinbridge/next and what it depends on. */
export const NEXT_APP_PACKAGES = ['@pinbridge/core', '@pinbridge/react', '@pinbridge/next'];

/** One packed package: its name, its tarball's path and the files in it, as npm lists them. */
export interface Packed {
  name: string;
  tarball: string;
  files: string[];
}

/**
 * `npm pack` of the built workspace packages into `destination`, as npm would publish them,
 * with what each tarball holds. Run `npm run build` first.
 *
 * @example
 * const [core] = pack(mkdtempSync(join(tmpdir(), 'pack-')), ['@pinbridge/core']);
 * core.files; // ['LICENSE', 'README.md', 'dist/index.js', …, 'package.json']
 */
export function pack(destination: string, packages: string[]): Packed[] {
  const workspaces = packages.flatMap((name) => ['-w', name]);
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--pack-destination', destination, ...workspaces],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  type Entry = { name: string; filename: string; files: { path: string }[] };
  return (JSON.parse(out) as Entry[]).map(({ name, filename, files }) => ({
    name,
    tarball: `${destination}/${filename}`,
    files: files.map(({ path }) => path),
  }));
}

/**
 * The tarballs' paths of {@link pack}.
 *
 * @example
 * const tarballs = packTarballs(mkdtempSync(join(tmpdir(), 'pack-')), NEXT_APP_PACKAGES);
 */
export function packTarballs(destination: string, packages: string[]): string[] {
  return pack(destination, packages).map(({ tarball }) => tarball);
}
