// `npm run demo`: the emulator stands in for Pinterest, the demo store runs built with pinbridge,
// and every request Pinterest would receive is printed as it arrives. Ctrl-C stops both.
import { fileURLToPath } from 'node:url';
import {
  buildOrExit,
  DEMO_TAG_ID,
  runNode,
  serveUntilStopped,
  startDemoPinterest,
} from './demo-pinterest.mjs';

const STORE_DIR = fileURLToPath(new URL('../examples/next-store/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
const storePort = Number(process.env.PORT ?? 3000);

const { emulator, useEmulator, tagSrc, serverEnv } = await startDemoPinterest();
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_PUBLIC_PINTEREST_TAG_ID: process.env.NEXT_PUBLIC_PINTEREST_TAG_ID ?? DEMO_TAG_ID,
  ...(tagSrc && { NEXT_PUBLIC_PINTEREST_TAG_SRC: tagSrc }),
  ...serverEnv,
};
const next = (args) => runNode([NEXT_BIN, ...args], { cwd: STORE_DIR, env });

await buildOrExit(next(['build']), emulator);
const shop = next(['start', '-p', String(storePort), '-H', '127.0.0.1']);
serveUntilStopped({ shop, shopUrl: `http://127.0.0.1:${storePort}`, emulator, useEmulator });
