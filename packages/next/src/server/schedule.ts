/** Keeps a serverless invocation alive until `promise` settles (Vercel, Cloudflare, Netlify...). */
export type WaitUntil = (promise: Promise<unknown>) => void;

/** `after` from next/server, when the running Next has it (15.1+). */
export type After = (task: Promise<unknown>) => void;

interface RequestContext {
  get?: () => { waitUntil?: WaitUntil } | undefined;
}

// Next (and platforms that support `after`) publish the current request's waitUntil here; Vercel
// also publishes its own. Reading the symbols avoids a dependency on @vercel/functions.
const CONTEXT_SYMBOLS = [
  Symbol.for('@next/request-context'),
  Symbol.for('@vercel/request-context'),
];

function platformWaitUntil(): WaitUntil | undefined {
  const scope = globalThis as unknown as Record<symbol, RequestContext | undefined>;
  for (const symbol of CONTEXT_SYMBOLS) {
    const waitUntil = scope[symbol]?.get?.()?.waitUntil;
    if (typeof waitUntil === 'function') return waitUntil;
  }
  return undefined;
}

/**
 * Runs `task` past the response: hands it to `waitUntil` (yours), else Next's `after` (which
 * throws outside a request scope, hence the try), else the platform's request context. Only when
 * nothing can carry it does the returned promise wait for the task itself, so the caller answers
 * late rather than losing events.
 *
 * @example
 * await runAfterResponse(deliver(events), { waitUntil: ctx.waitUntil, after });
 */
export async function runAfterResponse(
  task: Promise<unknown>,
  carriers: { waitUntil?: WaitUntil; after?: After } = {},
): Promise<void> {
  if (carriers.waitUntil) return carriers.waitUntil(task);
  if (carriers.after) {
    try {
      return carriers.after(task);
    } catch {
      // Outside a request scope (tests, scripts, Pages Router): fall through.
    }
  }
  const waitUntil = platformWaitUntil();
  if (waitUntil) return waitUntil(task);
  await task;
}
