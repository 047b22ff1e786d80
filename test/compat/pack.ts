import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The packages a Next.js app installs: @pinbridge/next and what it depends on. */
export const NEXT_APP_PACKAGES = ['@pinbridge/core', '@pinbridge/react', '@pinbridge/next'];

/**
 * `npm pack` of the built workspace packages into `destination`, as npm would publish them;
 * returns the tarballs' paths. Run `npm run build` first.
 *
 * @example
 * const tarballs = packTarballs(mkdtempSync(join(tmpdir(), 'pack-')), NEXT_APP_PACKAGES);
 */
export function packTarballs(destination: string, packages: string[]): string[] {
  const workspaces = packages.flatMap((name) => ['-w', name]);
  const out = execFileSync(
    'npm',
    ['pack', '--json', '--pack-destination', destination, ...workspaces],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return (JSON.parse(out) as { filename: string }[]).map(
    ({ filename }) => `${destination}/${filename}`,
  );
}
