import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaults } from './faults.js';
import { parseJson, readBody, sendJson } from './http.js';
import { streamInspector } from './inspector/stream.js';
import type { EmulatorState } from './state.js';
import type { Faults, TagCall } from './types.js';

/** The browser tag and test pages call these from other origins. */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

export interface Controls {
  state: EmulatorState;
  setFaults(faults: Faults): void;
  reset(): void;
}

/** The emulator's own endpoints under /_emulator/. Returns false for an unknown one. */
export async function handleControl(
  request: IncomingMessage,
  response: ServerResponse,
  route: string,
  controls: Controls,
): Promise<boolean> {
  const { state } = controls;
  if (request.method === 'OPTIONS') {
    response.writeHead(204, CORS_HEADERS).end();
    return true;
  }
  const send = (status: number, body: unknown) => sendJson(response, status, body, CORS_HEADERS);
  const key = `${request.method === 'HEAD' ? 'GET' : request.method} ${route}`;
  if (key === 'GET /_emulator/events') {
    send(200, state.store.snapshot());
  } else if (key === 'GET /_emulator/stream') {
    streamInspector(request, response, state.inspector);
  } else if (key === 'POST /_emulator/reset') {
    await readBody(request);
    controls.reset();
    send(200, { ok: true });
  } else if (key === 'POST /_emulator/faults') {
    const parsed = parseJson((await readBody(request)) ?? '');
    try {
      controls.setFaults(parseFaults(parsed.ok ? parsed.value : undefined));
      send(200, { ok: true });
    } catch (error) {
      send(400, { message: (error as Error).message });
    }
  } else if (key === 'POST /_emulator/tag') {
    // Any content type: the tag sends text/plain to avoid a preflight.
    const parsed = parseJson((await readBody(request)) ?? '');
    const call = parsed.ok ? toTagCall(parsed.value, state.now()) : undefined;
    if (!call) {
      send(400, {
        message: 'expected {"command": string, "args"?: [], "page"?: string, "time"?: number}',
      });
    } else {
      state.store.addTagCall(call);
      state.inspector.addTagCall(call);
      response.writeHead(204, CORS_HEADERS).end();
    }
  } else {
    return false;
  }
  return true;
}

function toTagCall(value: unknown, now: number): TagCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { command, args = [], page = '', time = now } = value as Record<string, unknown>;
  const valid =
    typeof command === 'string' &&
    Array.isArray(args) &&
    typeof page === 'string' &&
    typeof time === 'number';
  return valid ? { command, args, page, time } : undefined;
}
