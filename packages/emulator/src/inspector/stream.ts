import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InspectorLog } from './log.js';
import { inspect } from './pairs.js';

// A burst (a 1,000-event batch, a page's tag calls) becomes one message, at most four a second.
const THROTTLE_MS = 250;

/**
 * GET /_emulator/stream: server-sent events, each `event: view` carrying the inspector's rows
 * and summary as JSON: one on connect, then one after each burst of changes.
 *
 * @example
 * new EventSource('/_emulator/stream').addEventListener('view', (m) => JSON.parse(m.data).rows);
 */
export function streamInspector(
  request: IncomingMessage,
  response: ServerResponse,
  log: InspectorLog,
): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  let pending: NodeJS.Timeout | undefined;
  const send = () => {
    pending = undefined;
    const view = inspect(log.tagCalls(), log.serverCopies());
    response.write(`event: view\ndata: ${JSON.stringify(view)}\n\n`);
  };
  send();
  const stop = log.onChange(() => {
    pending ??= setTimeout(send, THROTTLE_MS).unref();
  });
  response.on('close', () => {
    stop();
    clearTimeout(pending);
  });
}
