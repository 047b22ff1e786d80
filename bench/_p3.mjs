import { opsPerSecond } from './lib/tinybench.mjs';
const src = { em: 'a', ph: 'b' };
const F = ['em','ph','ge','db','ln','fn','ct','st','zp','country','external_id','hashed_maids'];
let sink = 0;
const r = await opsPerSecond({
  flat12: () => { for (const f of F) sink += [src[f]].flat().length; },
  isArray12: () => { for (const f of F) { const v = src[f]; sink += (Array.isArray(v) ? v : [v]).length; } },
  map12: () => { for (const f of F) sink += new Map().size; },
  skipMissing12: () => { for (const f of F) { const v = src[f]; if (v == null) continue; sink += (Array.isArray(v) ? v : [v]).length; } },
}, { rounds: 3, time: 300 });
for (const [k, v] of Object.entries(r)) console.log(k.padEnd(24), (1e6 / v).toFixed(3), 'µs');
