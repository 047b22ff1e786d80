import { createTwoFilesPatch } from 'diff';
import type { FileChange } from './plan.js';

/**
 * A change as a unified diff (`/dev/null` as the old side of a new file). An env file's diff
 * has no context lines: the lines around what init appends may hold secrets.
 *
 * @example
 * showDiff({ path: 'proxy.ts', after: 'export default 1;\n', snippet: '' });
 * // '--- /dev/null\n+++ b/proxy.ts\n@@ -0,0 +1,1 @@\n+export default 1;\n'
 */
export function showDiff(change: FileChange): string {
  const from = change.before === undefined ? '/dev/null' : `a/${change.path}`;
  const context = change.path.split('/').at(-1)!.startsWith('.env') ? 0 : 3;
  const patch = createTwoFilesPatch(
    from,
    `b/${change.path}`,
    change.before ?? '',
    change.after,
    undefined,
    undefined,
    { context },
  );
  // The first line is a separator of diff's own ("====="); the rest is a standard patch.
  return patch.split('\n').slice(1).join('\n');
}
