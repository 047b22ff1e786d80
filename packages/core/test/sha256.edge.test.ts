// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/hash/sha256.web.js';

// The Web Crypto hasher is the one Next's Edge runtime and workers get; prove it runs there.
describe('sha256Hex (Web Crypto) in the Edge runtime', () => {
  it.each([
    ['us', '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621'],
    ['16505551212', 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176'],
    ['m', '62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a'],
  ])('hashes %j to the known digest', async (input, digest) => {
    await expect(sha256Hex(input)).resolves.toBe(digest);
  });
});
