// What `npm run demo` (Next.js) and `npm run demo:express` share: the emulator standing in for
// Pinterest, the settings that point a shop's server at it, running the shop's commands, the
// banner, and one Ctrl-C stopping shop and emulator together.
import { spawn } from 'node:child_process';
import { startEmulator } from '@pinbridge/emulator';

/** The Tag id the demo shops load unless one is configured (any id works with the emulator). */
export const DEMO_TAG_ID = '2612345678901';

/**
 * Starts the emulator (PINBRIDGE_EMULATOR_PORT, default 4319), printing every request Pinterest
 * would receive. With no PINTEREST_ACCESS_TOKEN set, `serverEnv` points the shop's server at it
 * and `tagSrc` is its Tag stand-in; otherwise both are empty and your PINTEREST_* settings apply.
 */
export async function startDemoPinterest() {
  const emulator = await startEmulator({
    port: Number(process.env.PINBRIDGE_EMULATOR_PORT ?? 4319),
    log: (line) => console.log(`[emulator] ${line}`),
  });
  const useEmulator = !process.env.PINTEREST_ACCESS_TOKEN;
  return {
    emulator,
    useEmulator,
    tagSrc: useEmulator ? `${emulator.url}/ct/core.js` : undefined,
    serverEnv: useEmulator
      ? {
          PINTEREST_API_URL: `${emulator.url}/v5`,
          PINTEREST_ACCESS_TOKEN: 'demo-access-token',
          PINTEREST_AD_ACCOUNT_ID: '549755885175',
        }
      : {},
  };
}

/** `node <args>` in `cwd`, its output on this terminal. */
export const runNode = (args, { cwd, env }) =>
  spawn(process.execPath, args, { cwd, env, stdio: 'inherit' });

/** Runs a build step to its end; on failure closes the emulator and exits with 1. */
export async function buildOrExit(child, emulator) {
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code === 0) return;
  await emulator.close();
  process.exit(1);
}

/** Prints where to go (the shop, and beside it the inspector), then ties the shop and the emulator: Ctrl-C stops both, as does the shop's exit. */
export function serveUntilStopped({ shop, shopUrl, emulator, useEmulator }) {
  // The inspector pairs what the emulator received, so it has nothing to show when Pinterest does.
  const inspector = useEmulator
    ? `\n  Inspector: ${emulator.url}/   (each event's tag and server copies, paired, live)`
    : '';
  console.log(`
  Shop:      ${shopUrl}/?epik=DEMOCLICK   (accept the consent banner)${inspector}
  Emulator:  ${emulator.url}/_emulator/events   (what "Pinterest" received, tag calls included)
  ${useEmulator ? 'No PINTEREST_ACCESS_TOKEN set: events go to the emulator.' : 'Delivering to Pinterest with your PINTEREST_* settings.'}
`);
  const stop = async () => {
    shop.kill('SIGTERM');
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  shop.on('exit', (code) => {
    void emulator.close().then(() => process.exit(code ?? 0));
  });
}
