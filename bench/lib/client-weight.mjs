import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What a page imports from @pinbridge/next, resolved as a browser bundler does: dist/index.js. */
export const ENTRY = {
  name: '@pinbridge/next',
  from: './packages/next/dist/index.js',
  import: '{ PinterestTag, usePinterestTrack }',
  ignore: ['react', 'react-dom', 'next'],
};

/** The reference: Vercel's Web Analytics component for Next, as its README has you import it. */
export const VERCEL_ANALYTICS_NEXT = {
  name: '@vercel/analytics/next',
  from: '@vercel/analytics/next',
  import: '{ Analytics }',
  ignore: ['react', 'react-dom', 'next'],
};

// @size-limit/esbuild subtracts what an empty project weighs (gzip): 46 B with an import, 182 B
// when esbuild had to add its require shim (externals in its default iife output).
const EMPTY_PROJECT = 46;
const EMPTY_PROJECT_WITH_SHIM = 182;

/**
 * The weight of one import, bundled by esbuild with size-limit's options (minified, tree-shaken,
 * the framework external), gzip level 9. `esm` is the bundle as an ES module, the way a page's
 * bundler emits it, with no allowance deducted: the figure two entries are compared by.
 * `sizeLimit` is what size-limit 11 (@size-limit/esbuild, `gzip: true`) reports for the same
 * import: its default output format, minus its empty-project allowance (.size-limit.json's budget
 * is checked against it). `modules` are the minified bytes each input contributes.
 *
 * @example
 * const [ours, vercel] = await Promise.all([clientWeight(root), clientWeight(root, VERCEL_ANALYTICS_NEXT)]);
 */
export async function clientWeight(root, entry = ENTRY) {
  const names = entry.import.replace(/[{}]/g, '').trim();
  const contents = `import ${entry.import} from ${JSON.stringify(entry.from)}\nconsole.log(${names})\n`;
  const bundle = (format) =>
    build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      metafile: true,
      minifyIdentifiers: true,
      minifySyntax: true,
      minifyWhitespace: true,
      treeShaking: true,
      external: entry.ignore,
      logLevel: 'silent',
      ...(format ? { format } : {}),
    });
  const [plain, esm] = await Promise.all([bundle(undefined), bundle('esm')]);
  const gzip = (result) => gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  const shim = plain.outputFiles[0].text.includes('Dynamic require of ');
  const [output] = Object.values(esm.metafile.outputs);
  const modules = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({
      path: path.replace(/^.*?((packages|node_modules)\/)/, '$1'),
      bytes: bytesInOutput,
    }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    sizeLimit: gzip(plain) - (shim ? EMPTY_PROJECT_WITH_SHIM : EMPTY_PROJECT),
    esm: gzip(esm),
    minified: esm.outputFiles[0].contents.length,
    modules,
  };
}
