import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CORS_HEADERS, type Controls, handleControl } from './emulator-routes.js';
import { sendJson } from './http.js';
import { INSPECTOR_CSP, INSPECTOR_HTML } from './inspector/page.js';
import { handleEvents } from './pinterest-route.js';
import { INTERNAL_ERROR } from './responses.js';
import { tagScript } from './tag-script.js';

const EVENTS_ROUTE = /^\/v5\/ad_accounts\/([^/]+)\/events$/;

/** Routes the emulator's HTTP requests; an unexpected failure answers 500 instead of hanging. */
export function createRequestHandler(controls: Controls): RequestListener {
  return (request, response) => {
    route(request, response, controls).catch((error: unknown) => {
      controls.state.log?.(`emulator error: ${error instanceof Error ? error.message : error}`);
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, INTERNAL_ERROR);
    });
  };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  controls: Controls,
): Promise<void> {
  // Pinterest names every answer with a request id, which clients log for support tickets.
  const requestId = randomBytes(8).toString('hex');
  response.setHeader('x-pinterest-rid', requestId);
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const events = EVENTS_ROUTE.exec(url.pathname);

  if (events && request.method === 'POST') {
    const test = url.searchParams.get('test')?.toLowerCase() === 'true';
    return handleEvents(request, response, events[1], test, requestId, controls.state);
  }
  // HEAD as GET (Node leaves the body out): link checkers and `curl -I` probe the tag that way.
  if (url.pathname === '/ct/core.js' && (request.method === 'GET' || request.method === 'HEAD')) {
    response.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    response.end(tagScript(controls.state.url));
    return;
  }
  if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': INSPECTOR_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(INSPECTOR_HTML);
    return;
  }
  if (url.pathname.startsWith('/_emulator/')) {
    if (await handleControl(request, response, url.pathname, controls)) return;
  }
  request.resume();
  sendJson(response, 404, { message: `No route for ${request.method} ${url.pathname}` });
}
