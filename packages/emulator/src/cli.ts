#!/usr/bin/env node
import { runCli } from './command.js';

try {
  const emulator = await runCli(process.argv.slice(2), { print: (line) => console.log(line) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void emulator?.close().then(() => process.exit(0)));
  }
} catch (error) {
  console.error(`pinbridge-emulator: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
