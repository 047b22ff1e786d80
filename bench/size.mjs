// 5. Client weight: what `import { PinterestTag, usePinterestTrack } from '@pinbridge/next'` adds
// to a page, beside `import { Analytics } from '@vercel/analytics/next'` (a root devDependency),
// both bundled by the same esbuild command in the same run: an ES module, as a page's bundler
// emits it, minified (react, react-dom and next external), gzip -9, no allowance deducted.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clientWeight, VERCEL_ANALYTICS_NEXT } from './lib/client-weight.mjs';
import { formatNumber, progress, runIfMain } from './lib/report.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(new URL(path, `file://${ROOT}`), 'utf8'));

export async function measureSize() {
  progress(
    'size: esbuild bundles of PinterestTag + usePinterestTrack and of @vercel/analytics/next',
  );
  const [weight, vercel] = await Promise.all([
    clientWeight(ROOT),
    clientWeight(ROOT, VERCEL_ANALYTICS_NEXT),
  ]);
  const vercelVersion = readJson('node_modules/@vercel/analytics/package.json').version;
  // The budget size-limit enforces (`npm run size`), on its own figure for the same import.
  const budget = Number.parseInt(readJson('.size-limit.json')[0].limit, 10);
  const modules = (entry) =>
    entry.modules.map(({ path, bytes }) => `${path} ${formatNumber(bytes)}`).join(', ');
  return {
    rows: [
      {
        id: '5',
        measurement: 'Client weight: PinterestTag + usePinterestTrack',
        pinbridge: `${formatNumber(weight.esm)} B gzip`,
        reference: `${formatNumber(vercel.esm)} B @vercel/analytics/next ${vercelVersion}`,
        ratio: weight.esm / vercel.esm,
        target: '< 1.00x',
        met: weight.esm < vercel.esm,
        bound:
          weight.sizeLimit <= budget
            ? `size-limit ${formatNumber(weight.sizeLimit)} B, budget ${formatNumber(budget)} B`
            : `size-limit ${formatNumber(weight.sizeLimit)} B, over its ${formatNumber(budget)} B budget`,
      },
    ],
    notes: [
      `5 ES-module bundles, minified by the same esbuild command, gzip -9, no allowance deducted: ` +
        `pinbridge ${formatNumber(weight.esm)} B (${formatNumber(weight.minified)} B minified), ` +
        `@vercel/analytics/next ${formatNumber(vercel.esm)} B (${formatNumber(vercel.minified)} B minified; ` +
        `its tracking script loads separately, as the Pinterest Tag's does for pinbridge). size-limit's ` +
        `own figure (default format, empty-project allowance deducted): ${formatNumber(weight.sizeLimit)} B. ` +
        `Minified bytes by module: ${modules(weight)}.`,
    ],
  };
}

await runIfMain(import.meta.url, measureSize);
