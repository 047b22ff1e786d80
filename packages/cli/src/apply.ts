// Writes a plan's files so that each one is either fully written or untouched: a new file is
// created exclusively (never over one that appeared meanwhile), an edited one is replaced by
// rename from a temporary file, and only if it still reads as it did when planned.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileChange } from './plan.js';

/** A change that could not be written, and why; the file is as it was. */
export interface Failure {
  change: FileChange;
  reason: string;
}

async function write(root: string, change: FileChange): Promise<void> {
  const path = join(root, change.path);
  if (change.before === undefined) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, change.after, { flag: 'wx' });
    return;
  }
  if ((await readFile(path, 'utf8')) !== change.before) {
    throw new Error('it changed since init read it');
  }
  const temporary = `${path}.pinbridge-${process.pid}.tmp`;
  try {
    await writeFile(temporary, change.after, { flag: 'wx', mode: (await stat(path)).mode });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === 'EEXIST'
    ? 'it exists now'
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * Writes each change under `root`, going on past failures; returns those that failed.
 *
 * @example
 * const failures = await applyChanges(cwd, plan.changes);
 */
export async function applyChanges(
  root: string,
  changes: readonly FileChange[],
): Promise<Failure[]> {
  const failures: Failure[] = [];
  for (const change of changes) {
    try {
      await write(root, change);
    } catch (error) {
      failures.push({ change, reason: reasonOf(error) });
    }
  }
  return failures;
}
