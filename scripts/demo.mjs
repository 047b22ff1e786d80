// `npm run demo`: the emulator stands in for Pinterest, the demo store runs built with pinbridge,
// and every request Pinterest would receive is printed as it arrives. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@pinbridge/emulator';

const STORE_DIR = fileURLToPath(new URL('../examples/next-store/', import.meta.url));
const NEXT_BIN = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));
const emulatorPort = Number(process.env.PINBRIDGE_EMULATOR_PORT ?? 4319);
const storePort = Number(process.env.PORT ?? 3000);

const emulator = await startEmulator({
  port: emulatorPort,
  log: (line) => console.log(`[emulator] ${line}`),
});
const useEmulator = !process.env.PINTEREST_ACCESS_TOKEN;
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_PUBLIC_PINTEREST_TAG_ID: process.env.NEXT_PUBLIC_PINTEREST_TAG_ID ?? '2612345678901',
  ...(useEmulator && {
    NEXT_PUBLIC_PINTEREST_TAG_SRC: `${emulator.url}/ct/core.js`,
    PINTEREST_API_URL: `${emulator.url}/v5`,
    PINTEREST_ACCESS_TOKEN: 'demo-access-token',
    PINTEREST_AD_ACCOUNT_ID: '549755885175',
  }),
};

function next(args) {
  return spawn(process.execPath, [NEXT_BIN, ...args], { cwd: STORE_DIR, env, stdio: 'inherit' });
}

const build = next(['build']);
const built = await new Promise((resolve) => build.on('exit', (code) => resolve(code === 0)));
if (!built) {
  await emulator.close();
  process.exit(1);
}
const store = next(['start', '-p', String(storePort), '-H', '127.0.0.1']);
console.log(`
  Store:    http://127.0.0.1:${storePort}/?epik=DEMOCLICK   (accept the consent banner)
  Emulator: ${emulator.url}/_emulator/events   (what "Pinterest" received, tag calls included)
  ${useEmulator ? 'No PINTEREST_ACCESS_TOKEN set: events go to the emulator.' : 'Delivering to Pinterest with your PINTEREST_* settings.'}
`);

const stop = async () => {
  store.kill('SIGTERM');
  await emulator.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
store.on('exit', (code) => {
  void emulator.close().then(() => process.exit(code ?? 0));
});
