// @vitest-environment edge-runtime
import { expect, it } from 'vitest';
import { describeProxy } from './proxy.cases.js';

// The same suite inside the Edge runtime's globals: a Node-only global in the proxy fails here.
describeProxy('edge-runtime');

it('runs under the Edge runtime', () => {
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
});
