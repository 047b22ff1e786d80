import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What a page imports from @pinbridge/next, resolved as a browser bundler does: dist/index.js. */
export const ENTRY = {
  path: 'packages/next/dist/index.js',
  import: '{ PinterestTag, usePinterestTrack }',
  ignore: ['react', 'react-dom', 'next'],
};

// @size-limit/esbuild subtracts what an empty project weighs (gzip): 46 B with an import, 182 B
// when esbuild had to add its require shim (externals in its default iife output).
const EMPTY_PROJECT = 46;
const EMPTY_PROJECT_WITH_SHIM = 182;

/**
 * The gzip size size-limit 11 (with @size-limit/esbuild and `gzip: true`) reports for ENTRY:
 * the same esbuild options, gzip level 9, minus its empty-project allowance. `esm` is the same
 * bundle as an ES module, as a page's bundler would emit it (no shim, no allowance).
 *
 * @example
 * const { sizeLimit, esm, modules } = await clientWeight('/work/main/');
 */
export async function clientWeight(root) {
  const entry = `import ${ENTRY.import} from ${JSON.stringify(`${root}${ENTRY.path}`)}\nconsole.log(${ENTRY.import.replace(/[{}]/g, '').trim()})\n`;
  const bundle = (format) =>
    build({
      stdin: { contents: entry, resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      metafile: true,
      minifyIdentifiers: true,
      minifySyntax: true,
      minifyWhitespace: true,
      treeShaking: true,
      external: ENTRY.ignore,
      logLevel: 'silent',
      ...(format ? { format } : {}),
    });
  const [plain, esm] = await Promise.all([bundle(undefined), bundle('esm')]);
  const gzip = (result) => gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  const shim = plain.outputFiles[0].text.includes('Dynamic require of ');
  const [output] = Object.values(esm.metafile.outputs);
  const modules = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({
      path: path.replace(/^.*?(packages\/)/, '$1'),
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
