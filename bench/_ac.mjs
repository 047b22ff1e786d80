import autocannon from 'autocannon';
const origin = 'http://127.0.0.1:39011';
let n = 0;
const body = () => JSON.stringify({ events: [{ name: 'add_to_cart', event_id: `bench_${++n}_x`, time: Date.now(), url: `${origin}/products/1`, props: { value: 19.99, currency: 'USD' } }] });
for (const path of ['/api/bare', '/api/pin', '/api/bare', '/api/pin']) {
const r = await autocannon({ url: `${origin}${path}`, method: 'POST', connections: 10, duration: 3, requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }], headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin', 'user-agent': 'Mozilla/5.0 Chrome', cookie: '_pb_consent=granted; _pb_bid=bench-browser-0001' } });
console.log(path, r.requests.average, r.requests.total, r.latency.p50, r.latency.p99, r.statusCodeStats, r.errors, r.timeouts, r.non2xx);
}
