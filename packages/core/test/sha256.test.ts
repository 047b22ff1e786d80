import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex as nodeSha256 } from '../src/hash/sha256.node.js';
import { sha256Hex as webSha256 } from '../src/hash/sha256.web.js';

const reference = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

// Vectors from pinterest-api.md §2.2, computed there with a real SHA-256.
const VECTORS: [string, string][] = [
  ['us', '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
  ['ca', '6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126'],
  ['16505551212', 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'],
  ['f', '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111'],
  ['m', '62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a'],
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
];

const SAMPLES = [
  'ada@example.com',
  'sãopaulo',
  'zürich',
  '東京',
  '🙂 emoji',
  'a\u0301',
  '\uD800',
  'x'.repeat(10_000),
];

describe.each([
  ['node:crypto', nodeSha256],
  ['Web Crypto', webSha256],
])('sha256Hex (%s)', (_name, sha256Hex) => {
  it.each(VECTORS)('hashes %j to the known digest', async (input, digest) => {
    await expect(sha256Hex(input)).resolves.toBe(digest);
  });

  it.each(SAMPLES)('hashes %j like a reference SHA-256 of its UTF-8 bytes', async (input) => {
    await expect(sha256Hex(input)).resolves.toBe(reference(input));
  });
});

describe('sha256Hex implementations', () => {
  it('give identical lowercase digests for arbitrary strings, lone surrogates included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (input) => {
        const [fromNode, fromWeb] = await Promise.all([nodeSha256(input), webSha256(input)]);
        expect(fromWeb).toBe(fromNode);
        expect(fromNode).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 500 },
    );
  });
});
