import { Bench } from 'tinybench';

/**
 * Operations per second of each task, as the median of `rounds` alternating runs: the tasks take
 * turns, so a noisy neighbour on a shared machine slows both sides of a ratio alike. Each call of
 * a task function runs `batch` operations, which keeps the timer's and tinybench's own per-call
 * cost (an await for async tasks) out of figures of a few microseconds.
 *
 * @example
 * const { floor, subject } = await opsPerSecond({ floor: () => work(), subject: () => other() });
 */
export async function opsPerSecond(tasks, { rounds = 5, time = 600, batch = 100 } = {}) {
  const samples = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmupTime: round === 0 ? 300 : 50, throws: true });
    for (const [name, fn] of Object.entries(tasks)) {
      bench.add(name, async () => {
        for (let index = 0; index < batch; index++) {
          // Awaiting only promises keeps a microtask per call off the synchronous tasks.
          const result = fn();
          if (result instanceof Promise) await result;
        }
      });
    }
    await bench.run();
    for (const task of bench.tasks) samples[task.name].push((batch * 1000) / task.result.period);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, median(list)]));
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
