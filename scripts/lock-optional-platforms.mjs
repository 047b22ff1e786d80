// The npm registry mirror this project is developed behind serves only this machine's platform
// packages, so `npm install` leaves the other platforms' optional binaries (esbuild, biome, SWC,
// rollup...) out of package-lock.json, and `npm ci` then refuses the lock as out of sync. This
// records each missing optional dependency at its pinned version; `npm ci` skips the ones it cannot
// fetch, as it does for any optional dependency. Run it after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const meta of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const path = `node_modules/${name}`;
    if (lock.packages[path] || Object.keys(lock.packages).some((key) => key.endsWith(`/${path}`))) {
      continue;
    }
    lock.packages[path] = { version, ...(meta.dev && { dev: true }), optional: true };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: recorded ${added} optional platform packages`);
