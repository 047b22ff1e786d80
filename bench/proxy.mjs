// 4. Proxy overhead: pinterestProxy against `() => NextResponse.next()` for a document request,
// in-process. Both sides build the NextRequest first, as Next does for every request the proxy
// sees; the notes give the proxy's own time without it.
import { NextRequest, NextResponse } from 'next/server.js';
import { pinterestProxy } from '../packages/next/dist/proxy.js';
import { formatNumber, formatRatio, progress, runIfMain } from './lib/report.mjs';
import { opsPerSecond } from './lib/tinybench.mjs';

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/** A browser's navigation to a product page; `cookie` and `query` vary the visit. */
function documentRequest({ cookie = '', query = '' } = {}) {
  const headers = {
    accept: 'text/html,application/xhtml+xml',
    'sec-fetch-dest': 'document',
    'sec-fetch-mode': 'navigate',
    'user-agent': USER_AGENT,
  };
  if (cookie) headers.cookie = cookie;
  return new NextRequest(`http://127.0.0.1:3000/products/1${query}`, { headers });
}

const RETURNING = { cookie: '_pb_consent=granted; _pb_bid=Vd7m2tOqX8bYH1kq3Lw0A' };
const LANDING = {
  cookie: '_pb_consent=granted',
  query: '?utm_source=pinterest&epik=dj0yJnU9YmVuY2g',
};

export async function measureProxy() {
  // The example store's options: nothing is set before consent.
  const proxy = pinterestProxy({ requireConsent: true });
  const check = proxy(documentRequest(RETURNING));
  if (!check.headers.get('set-cookie')?.includes('_pb_pv=')) {
    throw new Error('pinterestProxy set no _pb_pv cookie: the benchmark would not measure a visit');
  }
  const reused = documentRequest(RETURNING);
  progress('proxy: pinterestProxy against NextResponse.next() (about 15 s)');
  const ops = await opsPerSecond(
    {
      next: () => {
        documentRequest(RETURNING);
        return NextResponse.next();
      },
      proxy: () => proxy(documentRequest(RETURNING)),
      landing: () => proxy(documentRequest(LANDING)),
      request: () => documentRequest(RETURNING),
      // The functions alone, on one request built once (the proxy overwrites the same cookies).
      nextAlone: () => NextResponse.next(),
      proxyAlone: () => proxy(reused),
    },
    { rounds: 5, time: 400 },
  );
  const µs = (value) => `${formatNumber(1e6 / value, 1)} µs`;
  const ratio = ops.next / ops.proxy;
  return {
    rows: [
      {
        id: '4',
        measurement: 'Proxy: pinterestProxy vs NextResponse.next()',
        pinbridge: `${µs(ops.proxy)}/document request`,
        reference: `${µs(ops.next)} (NextResponse.next)`,
        ratio,
        target: '<= 2.00x',
        met: ratio <= 2,
        bound: `CPU, one core; with the NextRequest both build (${µs(ops.request)})`,
      },
    ],
    notes: [
      `4 returning visitor with consent (new _pb_pv, _pb_bid kept); a landing with ?epik and no ids ` +
        `(mints _pb_bid, writes _epik) takes ${µs(ops.landing)}. The functions alone, on a request built ` +
        `once: pinterestProxy ${µs(ops.proxyAlone)}, NextResponse.next() ${µs(ops.nextAlone)} ` +
        `(${formatRatio(ops.nextAlone / ops.proxyAlone)}).`,
    ],
  };
}

await runIfMain(import.meta.url, measureProxy);
