// `pinbridge init`: sets pinbridge up in a Next.js app. Plans first, then (after --yes or a
// confirmation) writes; never overwrites, never half-edits, prints a snippet for anything it
// leaves to the user.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyChanges } from '../apply.js';
import { parseFlags } from '../args.js';
import { detectProject, NotNextAppError, type Project } from '../detect.js';
import type { Io } from '../io.js';
import { type Note, planInit } from '../plan.js';
import { showDiff } from '../show-diff.js';

export const INIT_USAGE = `Usage: pinbridge init [--yes] [--dry-run] [--cwd <dir>]

Sets up pinbridge in the Next.js app in <dir> (default: the current folder): proxy.ts (Next 16)
or middleware.ts (Next 15 and older) where Next loads it, the /api/pin route, withPinterest in
next.config, <PinterestTag /> in the root layout or pages/_app, and the variables in .env.local.
Never overwrites a file; what it cannot edit safely it prints for you to add.

  --yes       write without asking
  --dry-run   print the changes as unified diffs and write nothing
  --cwd <dir> the app's folder`;

const FLAGS = {
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  cwd: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function describe(project: Project): string {
  const routers = [
    project.appDir && `App Router (${project.appDir})`,
    project.pagesDir && `Pages Router (${project.pagesDir})`,
  ]
    .filter(Boolean)
    .join(' and ');
  const version =
    project.next.source === 'installed'
      ? `Next ${project.next.text}`
      : project.next.source === 'range'
        ? `Next ${project.next.text} (from package.json; not installed)`
        : `Next (range ${project.next.text} unreadable: taken as ${project.next.major})`;
  const parts = [
    version,
    routers,
    project.typescript ? 'TypeScript' : 'JavaScript',
    project.nextConfig?.path ?? 'no next.config',
    project.alias && `alias ${project.alias}`,
  ];
  return parts.filter(Boolean).join(', ');
}

function printNote(io: Io, note: Note) {
  io.out(`! ${note.message}`);
  if (note.snippet) io.out(indent(note.snippet));
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');

function dependsOnNext(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    return Boolean(
      manifest.dependencies?.['@pinbridge/next'] ?? manifest.devDependencies?.['@pinbridge/next'],
    );
  } catch {
    return false;
  }
}

/**
 * Runs `pinbridge init` with `args` (the words after `init`). Resolves to the exit code: 0 when
 * everything planned was written (or shown), 1 when the folder is not a Next.js app or a write
 * failed.
 *
 * @example
 * const code = await runInit(['--yes', '--cwd', 'my-app'], processIo());
 */
export async function runInit(args: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) {
    io.out(INIT_USAGE);
    return 0;
  }
  const root = resolve(flags.cwd ?? '.');
  let project: Project;
  try {
    project = detectProject(root);
  } catch (error) {
    if (!(error instanceof NotNextAppError)) throw error;
    io.err(`pinbridge init: ${error.message}`);
    return 1;
  }
  io.out(`pinbridge init: ${describe(project)}`);
  const plan = planInit(project);
  if (plan.changes.length === 0) {
    io.out('Nothing to write: pinbridge is already set up here.');
    for (const note of plan.notes) printNote(io, note);
    return 0;
  }
  const asksFirst = !flags.yes && !flags['dry-run'];
  const dryRun = flags['dry-run'] || (asksFirst && !io.interactive);
  if (asksFirst && !io.interactive) {
    io.out('Not a terminal and no --yes: showing the changes as --dry-run would, writing nothing.');
  }
  if (dryRun || asksFirst) {
    for (const change of plan.changes) io.out(showDiff(change));
  }
  if (dryRun) {
    for (const note of plan.notes) printNote(io, note);
    io.out(`Would write ${plan.changes.length} file(s). Run again with --yes to write them.`);
    return 0;
  }
  if (asksFirst && !(await io.confirm(`Write these ${plan.changes.length} file(s)?`))) {
    io.out('Nothing written.');
    return 0;
  }
  const failures = await applyChanges(root, plan.changes);
  for (const change of plan.changes) {
    const failure = failures.find((candidate) => candidate.change === change);
    if (!failure) io.out(`${change.before === undefined ? 'created' : 'edited'} ${change.path}`);
    else {
      io.out(`! ${change.path} was not written (${failure.reason}); add this by hand:`);
      io.out(indent(change.snippet));
    }
  }
  for (const note of plan.notes) printNote(io, note);
  if (!dependsOnNext(root)) io.out('Install the package: npm i @pinbridge/next');
  io.out(
    'Next: fill in .env.local, then run `npx pinbridge doctor`. To try it without Pinterest, `npx pinbridge emulator` and PINTEREST_API_URL=http://127.0.0.1:4319/v5.',
  );
  return failures.length === 0 ? 0 : 1;
}
