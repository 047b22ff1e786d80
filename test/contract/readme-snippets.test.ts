// README's Express, Fastify and Hono blocks, verbatim, as new apps: each written to a file under
// the repository (so node resolves the workspace packages, built), started on a free port with the
// emulator as Pinterest, and held to the app contract. The address each delivers is its IP trust
// story: Express's `trust proxy` and Fastify's `trustProxy` take the X-Forwarded-For the suite's
// loopback "proxy" sends, Hono's getConnInfo the socket's peer whatever a visitor writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { type AppUnderTest, describeAppContract } from './app-contract.js';
import { startNodeServer } from './node-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Express, Fastify and Hono\n'));
const blocks = [...section.slice(0, section.indexOf('\n## ', 1)).matchAll(/```js\n([\s\S]*?)```/g)];
const snippet = (framework: string) => {
  const block = blocks.find(([, code]) => code.startsWith(`// ${framework}`));
  if (!block) throw new Error(`README has no ${framework} block under "Express, Fastify and Hono"`);
  return block[1];
};

const directory = mkdtempSync(join(ROOT, '.readme-snippets-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function pasted(framework: string, visitor: AppUnderTest['visitor']): AppUnderTest {
  const file = join(directory, `${framework.toLowerCase()}.mjs`);
  writeFileSync(file, snippet(framework));
  return { start: (env) => startNodeServer(file, env), visitor, page: '/' };
}

const forwarded = { ip: '203.0.113.5', headers: { 'x-forwarded-for': '203.0.113.5' } };
describeAppContract('README Express block', pasted('Express', forwarded));
describeAppContract('README Fastify block', pasted('Fastify', forwarded));
describeAppContract(
  'README Hono block',
  pasted('Hono', { ip: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.9' } }),
);
