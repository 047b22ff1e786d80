// `npm run demo:express`: the emulator stands in for Pinterest, the Express shop is built with Vite
// (the tag script's URL is baked in then) and served by its server.js, and every request Pinterest
// would receive is printed as it arrives, the payment webhook's checkout included. Ctrl-C stops both.
import { fileURLToPath } from 'node:url';
import {
  buildOrExit,
  DEMO_TAG_ID,
  runNode,
  serveUntilStopped,
  startDemoPinterest,
} from './demo-pinterest.mjs';

const SHOP_DIR = fileURLToPath(new URL('../examples/express-shop/', import.meta.url));
const VITE_BIN = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const shopPort = Number(process.env.PORT ?? 3000);

const { emulator, useEmulator, tagSrc, serverEnv } = await startDemoPinterest();
const env = {
  ...process.env,
  VITE_PINTEREST_TAG_ID: process.env.VITE_PINTEREST_TAG_ID ?? DEMO_TAG_ID,
  ...(tagSrc && { VITE_PINTEREST_TAG_SRC: tagSrc }),
  ...serverEnv,
  PORT: String(shopPort),
  HOST: '127.0.0.1',
};

await buildOrExit(runNode([VITE_BIN, 'build'], { cwd: SHOP_DIR, env }), emulator);
const shop = runNode(['server.js'], { cwd: SHOP_DIR, env });
serveUntilStopped({ shop, shopUrl: `http://127.0.0.1:${shopPort}`, emulator, useEmulator });
