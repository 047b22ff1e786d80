#!/usr/bin/env node
// `pinbridge-redis worker`: a long-running drain of the Redis queue, the same command as
// `pinbridge worker`.
import { runWorkerCommand, WORKER_USAGE } from './worker-command.js';

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'worker') return runWorkerCommand(rest);
  const help = command === '--help' || command === '-h';
  (help ? console.log : console.error)(WORKER_USAGE);
  return help ? 0 : 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`[pinbridge] worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
