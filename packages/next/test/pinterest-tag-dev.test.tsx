// @vitest-environment happy-dom
// The development warning of a page built without NEXT_PUBLIC_PINTEREST_TAG_ID. Each test imports
// the tag afresh: the warning is said once per page load, i.e. per module instance.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '@testing-library/react';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';

vi.mock('next/navigation.js', () => ({
  usePathname: () => '/products/1',
  useSearchParams: () => new URLSearchParams(),
}));
vi.mock('@pinbridge/react', () => ({ PinterestTag: () => null }));

const freshTag = async () => (await import('../src/index.js')).PinterestTag;

describe('PinterestTag (Next) in development', () => {
  let warn: MockInstance<typeof console.warn>;

  beforeEach(() => {
    vi.resetModules();
    vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_ID', '');
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('warns once per page load, naming the variable and that it is inlined at build time', async () => {
    const PinterestTag = await freshTag();
    render(<PinterestTag />);
    render(<PinterestTag requireConsent />);
    expect(warn).toHaveBeenCalledTimes(1);
    const [line] = warn.mock.calls[0];
    expect(line).toMatch(/^\[pinbridge\] NEXT_PUBLIC_PINTEREST_TAG_ID was not set when this page/);
    expect(line).toContain('inlines NEXT_PUBLIC_ variables into the browser bundle at build time');
  });

  it('says nothing when the tag id is there, built in or given as a prop', async () => {
    const PinterestTag = await freshTag();
    render(<PinterestTag tagId="2612345678901" />);
    vi.stubEnv('NEXT_PUBLIC_PINTEREST_TAG_ID', '2612345678901');
    render(<PinterestTag />);
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing in production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const PinterestTag = await freshTag();
    render(<PinterestTag />);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is dropped from a production bundle, as a bundler builds the page', async () => {
    const bundle = async (mode: string) => {
      const result = await build({
        entryPoints: [join(dirname(fileURLToPath(import.meta.url)), '../src/index.ts')],
        bundle: true,
        write: false,
        minify: true,
        format: 'esm',
        external: ['react', 'next', '@pinbridge/*'],
        define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
        logLevel: 'silent',
      });
      return result.outputFiles[0].text;
    };
    expect(await bundle('development')).toContain('was not set when this page was built');
    expect(await bundle('production')).not.toContain('was not set');
  });
});
