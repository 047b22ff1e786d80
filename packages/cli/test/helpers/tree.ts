// Fixture apps for the CLI's tests: copied to a fresh temporary folder (outside the repository,
// so that no node_modules/next above it is found), read back as { path: text } trees. A
// fixture's .gitignore is stored as `gitignore`: under its real name git would apply it to the
// fixture's own .env.local.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/io.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const made: string[] = [];

/** A copy of `fixtures/<name>/in` (or another folder of the fixture) in a new temporary folder. */
export function copyFixture(name: string, side: 'in' | 'out' = 'in'): string {
  const root = mkdtempSync(join(tmpdir(), `pinbridge-cli-${name}-`));
  made.push(root);
  cpSync(join(FIXTURES, name, side), root, { recursive: true });
  if (existsSync(join(root, 'gitignore')))
    renameSync(join(root, 'gitignore'), join(root, '.gitignore'));
  return root;
}

/** A new temporary folder holding `files` (relative path → text). */
export function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pinbridge-cli-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Removes every folder {@link copyFixture} and {@link makeTree} made. */
export function removeCopies(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Every file under `root`, by relative path, with its text. */
export function readTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else tree[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  visit(root);
  return tree;
}

/** An Io that records what a command prints; `answer` is what a confirmation gets. */
export function recordingIo(
  options: { interactive?: boolean; answer?: boolean; env?: Record<string, string> } = {},
): Io & { output(): string; questions: string[] } {
  const lines: string[] = [];
  const questions: string[] = [];
  return {
    out: (text) => lines.push(text),
    err: (text) => lines.push(text),
    interactive: options.interactive ?? false,
    confirm: async (message) => {
      questions.push(message);
      return options.answer ?? false;
    },
    env: options.env ?? {},
    output: () => lines.join('\n'),
    questions,
  };
}
