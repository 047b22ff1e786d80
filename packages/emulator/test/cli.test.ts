import { describe, expect, it } from 'vitest';
import { parseCliArgs, runCli, USAGE } from '../src/command.js';
import { event, postEvents } from './helpers.js';

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1:4319 without latency', () => {
    expect(parseCliArgs([])).toEqual({
      port: 4319,
      host: '127.0.0.1',
      latencyMs: 0,
      quiet: false,
      help: false,
    });
  });

  it('reads separate and inline values', () => {
    expect(parseCliArgs(['--port', '0', '--latency=25', '--host', '::1', '--quiet'])).toEqual({
      port: 0,
      host: '::1',
      latencyMs: 25,
      quiet: true,
      help: false,
    });
    expect(parseCliArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--port'], '--port needs a value'],
    [['--port', 'abc'], '--port must be an integer from 0 to 65535'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535'],
    [['--latency', '-5'], '--latency must be an integer'],
    [['--verbose'], 'unknown argument --verbose'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('runCli', () => {
  it('starts the emulator and prints its URL, then one line per request', async () => {
    const lines: string[] = [];
    const emulator = await runCli(['--port', '0'], { print: (line) => lines.push(line) });
    try {
      expect(emulator).toBeDefined();
      expect(emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines).toEqual([
        `pinbridge emulator listening on ${emulator?.url} (API base ${emulator?.url}/v5, inspector ${emulator?.url}/)`,
      ]);
      const realTime = event({ event_time: Math.floor(Date.now() / 1000) });
      if (emulator) await postEvents(emulator, { data: [realTime] });
      expect(lines[1]).toMatch(/events -> 200 \(1 event, rid [0-9a-f]{16}\)$/);
    } finally {
      await emulator?.close();
    }
  });

  it('prints the usage for --help without starting', async () => {
    const lines: string[] = [];
    expect(await runCli(['--help'], { print: (line) => lines.push(line) })).toBeUndefined();
    expect(lines).toEqual([USAGE]);
  });
});
