// The client budget of issue 5, enforced by `npm test` (which builds first): what
// `import { PinterestTag, usePinterestTrack } from '@pinbridge/next'` adds to a page, measured the
// way size-limit 11 measures the same check in .size-limit.json, so the two always agree.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bytes, gzip: keep equal to the "limit" in .size-limit.json. */
const BUDGET_BYTES = 2000;

const root = fileURLToPath(new URL('..', import.meta.url));
const entryFile = `${root}packages/next/dist/index.js`;

// @size-limit/esbuild deducts what an empty project weighs, gzip: 46 B with an import, 182 B when
// esbuild added its require shim for the externals (its default iife output does).
const EMPTY_PROJECT = 46;
const EMPTY_PROJECT_WITH_SHIM = 182;

async function sizeLimitGzip(): Promise<number> {
  const result = await build({
    stdin: {
      contents: `import { PinterestTag, usePinterestTrack } from ${JSON.stringify(entryFile)}\nconsole.log(PinterestTag, usePinterestTrack)\n`,
      resolveDir: root,
      loader: 'js',
    },
    // @size-limit/esbuild's options, with `ignore: ["react", "react-dom", "next"]`.
    bundle: true,
    write: false,
    minifyIdentifiers: true,
    minifySyntax: true,
    minifyWhitespace: true,
    treeShaking: true,
    external: ['react', 'react-dom', 'next'],
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  const shim = output.text.includes('Dynamic require of ');
  return (
    gzipSync(output.contents, { level: 9 }).length -
    (shim ? EMPTY_PROJECT_WITH_SHIM : EMPTY_PROJECT)
  );
}

describe('client weight', () => {
  it('keeps PinterestTag + usePinterestTrack within the gzip budget', async () => {
    expect(existsSync(entryFile), 'packages/next/dist is missing: run `npm run build`').toBe(true);
    const size = await sizeLimitGzip();
    expect(size, `${size} B gzip; budget ${BUDGET_BYTES} B`).toBeLessThanOrEqual(BUDGET_BYTES);
    // A broken build (nothing bundled) would pass the budget trivially.
    expect(size).toBeGreaterThan(500);
  });
});
