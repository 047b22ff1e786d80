import { type ChildProcess, spawn } from 'node:child_process';

export interface RunNodeOptions {
  cwd: string;
  env: Record<string, string>;
  /** Resolve once the output matches, leaving the process running; without it, on exit 0. */
  ready?: RegExp;
}

/**
 * Runs `node <args>` and resolves with the child and the match of `ready` in its output (stdout
 * and stderr together), or rejects with the output's tail when it exits first or fails.
 */
export function runNode(
  args: string[],
  { cwd, env, ready }: RunNodeOptions,
): Promise<{ child: ChildProcess; match?: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = ready && output.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!ready && code === 0) resolve({ child });
      else reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}
