// The load that the HTTP rows (3, 9) put on a server: autocannon posting one event per request, as
// the browser hook posts it, with the headers of the page's own fetch; rounds alternate the routes.
import autocannon from 'autocannon';

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

let sent = 0;

/**
 * One event, as the browser hook posts it, with a fresh event_id each time.
 *
 * @example
 * const body = eventBody('http://127.0.0.1:3000', Date.now());
 */
export function eventBody(origin, time) {
  return JSON.stringify({
    events: [
      {
        name: 'add_to_cart',
        event_id: `bench_${++sent}_${time}`,
        time,
        url: `${origin}/products/1`,
        props: { value: 19.99, currency: 'USD', product_id: 'sku-1', quantity: 1 },
      },
    ],
  });
}

/**
 * What a browser sends with the page's own fetch: the handler refuses other sites' posts.
 *
 * @example
 * const headers = HEADERS('http://127.0.0.1:3000');
 */
export const HEADERS = (origin) => ({
  'content-type': 'application/json',
  origin,
  'sec-fetch-site': 'same-origin',
  'user-agent': USER_AGENT,
  cookie: '_pb_consent=granted; _pb_bid=bench-browser-0001; _epik=dj0yJnU9YmVuY2g',
});

/**
 * autocannon posting events to `origin + path` on 10 connections for `seconds`.
 *
 * @example
 * const result = check(await load(origin, '/api/pin', 2), '/api/pin');
 */
export function load(origin, path, seconds, extra = {}) {
  const time = Date.now();
  return autocannon({
    url: `${origin}${path}`,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: HEADERS(origin),
    // Built per request (autocannon's idReplacement miscounts Content-Length as its ids grow).
    requests: [{ setupRequest: (request) => ({ ...request, body: eventBody(origin, time) }) }],
    ...extra,
  });
}

/** Refuses a round with any non-2xx answer, error or timeout: its rate would not be comparable. */
export function check(result, path) {
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${path}: ${failed} of ${result.requests.total} requests failed (non-2xx, errors or timeouts)`,
    );
  }
  return result;
}

// What a round's deliveries may still take after its last answer: the client's one-second
// batching window, and the batch's post.
const SETTLE_MS = 1200;

/**
 * Loads `/api/<route>` for each route in turn for `rounds` rounds of `seconds`, rotating the
 * order; returns each route's results. With `serverCpuMs` (the server's CPU time so far, in ms),
 * each result also holds the server's CPU time for its round, deliveries after it included.
 *
 * @example
 * const results = await alternate(origin, ['json', 'pin'], 3, 2); // { json: [...], pin: [...] }
 */
export async function alternate(origin, routes, rounds, seconds, extra, serverCpuMs) {
  const results = Object.fromEntries(routes.map((route) => [route, []]));
  for (let round = 0; round < rounds; round++) {
    const order = routes.map((_, index) => routes[(index + round) % routes.length]);
    for (const route of order) {
      const path = `/api/${route}`;
      const before = serverCpuMs && (await serverCpuMs());
      const result = check(await load(origin, path, seconds, extra), path);
      if (serverCpuMs) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        result.serverCpuMs = (await serverCpuMs()) - before;
      }
      results[route].push(result);
    }
  }
  return results;
}

/**
 * µs of the server's CPU per request over rounds measured with `serverCpuMs` (see `alternate`).
 *
 * @example
 * const cpu = cpuPerRequest(results.pin); // e.g. 140
 */
export const cpuPerRequest = (results) =>
  (results.reduce((sum, result) => sum + result.serverCpuMs, 0) * 1000) /
  results.reduce((sum, result) => sum + result.requests.total, 0);

/**
 * Requests per second over rounds of `seconds` each.
 *
 * @example
 * const rate = perSecond(results.pin, 2);
 */
export const perSecond = (results, seconds) =>
  results.reduce((sum, result) => sum + result.requests.total, 0) / (results.length * seconds);
