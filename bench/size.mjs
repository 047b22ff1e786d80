// 5. Client weight: what `import { PinterestTag, usePinterestTrack } from '@pinbridge/next'` adds
// to a page, gzip, measured as size-limit does (esbuild, minified; react, react-dom and next
// external). @vercel/analytics is not installed here: its figure is the one issue 5 states.
import { fileURLToPath } from 'node:url';
import { clientWeight } from './lib/client-weight.mjs';
import { formatNumber, progress, runIfMain } from './lib/report.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// @vercel/analytics/next, gzip, bundled the same way, as issue 5 reports it (not installed here).
const VERCEL_ANALYTICS_NEXT = 1637;
const BUDGET_CAP = 2000;

export async function measureSize() {
  progress('size: esbuild bundle of PinterestTag + usePinterestTrack');
  const weight = await clientWeight(ROOT);
  const ratio = weight.sizeLimit / VERCEL_ANALYTICS_NEXT;
  const budget = Math.min(BUDGET_CAP, Math.ceil((weight.sizeLimit + 10) / 10) * 10);
  return {
    rows: [
      {
        id: '5',
        measurement: 'Client weight: PinterestTag + usePinterestTrack',
        pinbridge: `${formatNumber(weight.sizeLimit)} B gzip`,
        reference: `${formatNumber(VERCEL_ANALYTICS_NEXT)} B @vercel/analytics/next (stated, issue 5)`,
        ratio,
        target: '< 1.00x; budget <= 2,000 B',
        met: weight.sizeLimit < VERCEL_ANALYTICS_NEXT,
        bound:
          weight.sizeLimit <= BUDGET_CAP
            ? `budget ${formatNumber(budget)} B fits the 2.0 kB cap`
            : `over the 2.0 kB budget cap by ${formatNumber(weight.sizeLimit - BUDGET_CAP)} B`,
      },
    ],
    notes: [
      `5 size-limit's figure (its empty-project allowance deducted); as an ES module bundle, the way a page's ` +
        `bundler emits it, ${formatNumber(weight.esm)} B gzip, ${formatNumber(weight.minified)} B minified. Minified ` +
        `bytes by module: ${weight.modules.map(({ path, bytes }) => `${path} ${formatNumber(bytes)}`).join(', ')}. ` +
        `@vercel/analytics is not installed (no npm install here), so its figure is the one issue 5 measured.`,
    ],
  };
}

await runIfMain(import.meta.url, measureSize);
