import { pathToFileURL } from 'node:url';

/**
 * One line of the results table. Every figure is read against a reference measured in the same
 * run: `ratio` is `value / reference` unless the row says otherwise.
 * @typedef {{ id: string, measurement: string, pinbridge: string, reference: string,
 *   ratio: number | undefined, target: string, met: boolean | undefined, bound: string }} Row
 */

const COLUMNS = [
  ['#', (row) => row.id],
  ['Measurement', (row) => row.measurement],
  ['pinbridge', (row) => row.pinbridge],
  ['Reference (same run)', (row) => row.reference],
  ['Ratio', (row) => (row.ratio === undefined ? '-' : formatRatio(row.ratio))],
  ['Target', (row) => row.target],
  ['Met', (row) => (row.met === undefined ? '-' : row.met ? 'met' : 'MISSED')],
  ['Bound / note', (row) => row.bound],
];

/** The rows as a Markdown table (readable in a terminal too). */
export function formatTable(rows) {
  const cells = [
    COLUMNS.map(([title]) => title),
    ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row))),
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  const line = (values) =>
    `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
  return [
    line(cells[0]),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function formatRatio(ratio) {
  if (ratio >= 100) return `${Math.round(ratio)}x`;
  if (ratio >= 10) return `${ratio.toFixed(1)}x`;
  // Two significant digits below 0.1, so 0.0092 does not print as 0.01.
  return ratio >= 0.1 ? `${ratio.toFixed(2)}x` : `${ratio.toPrecision(2)}x`;
}

/** 12345.6 -> "12,346" */
export function formatNumber(value, digits = 0) {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

const MARKER = '@@pinbridge-bench ';

/**
 * Runs a measurement when its file is the entry point: with `--json` (from run.mjs) it prints its
 * rows and notes on one marked line, otherwise a table for a person.
 *
 * @example
 * await runIfMain(import.meta.url, measureCore);
 */
export async function runIfMain(moduleUrl, measure) {
  if (pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  const { rows, notes = [] } = await measure();
  if (process.argv.includes('--json')) console.log(MARKER + JSON.stringify({ rows, notes }));
  else console.log(`\n${formatTable(rows)}\n${notes.map((note) => `\n- ${note}`).join('')}`);
}

/** Reads what {@link runIfMain} printed with --json out of a child's output. */
export function parseChildOutput(output) {
  const line = output.split('\n').find((text) => text.startsWith(MARKER));
  return line ? JSON.parse(line.slice(MARKER.length)) : undefined;
}

/** Progress on stderr, so that it never mixes with the table or the JSON line. */
export function progress(message) {
  process.stderr.write(`  ${message}\n`);
}
