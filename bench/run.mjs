// `npm run bench`: runs the nine measurements one after another, each in a process of its own (so
// that one's heap and JIT state cannot colour the next), and prints one table.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable, parseChildOutput } from './lib/report.mjs';

const MEASUREMENTS = [
  'core',
  'delivery',
  'handler',
  'proxy',
  'size',
  'memory',
  'outage',
  'redis',
  'frameworks',
];

function runMeasurement(name) {
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  const child = spawn(process.execPath, [file, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, result: parseChildOutput(output), output }));
  });
}

const started = performance.now();
console.log(
  `pinbridge benchmarks: ${new Date().toISOString()}, ${availableParallelism()} cores, Node ${process.version}\n`,
);
const rows = [];
const notes = [];
let failed = false;
for (const name of MEASUREMENTS) {
  const { code, result, output } = await runMeasurement(name);
  if (code === 0 && result) {
    rows.push(...result.rows);
    notes.push(...result.notes);
  } else {
    failed = true;
    const reason = `bench/${name}.mjs exited with ${code}`;
    rows.push({
      id: '!',
      measurement: name,
      pinbridge: 'failed',
      reference: '',
      ratio: undefined,
      target: '',
      met: undefined,
      bound: reason,
    });
    if (output.trim()) notes.push(`${name} output: ${output.trim().slice(-500)}`);
  }
}
console.log(`\n${formatTable(rows)}\n`);
for (const note of notes) console.log(`- ${note}`);
console.log(
  `\nRatio: pinbridge's figure over the reference's, in the row's unit (events/s, requests/s: higher is better; time, bytes: lower is better). ${Math.round((performance.now() - started) / 1000)} s.`,
);
if (failed) process.exitCode = 1;
