#!/usr/bin/env node
// The `pinbridge` bin.
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), processIo());
if (code !== undefined) process.exitCode = code;
