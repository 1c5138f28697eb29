import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InspectedConversation, InspectedMessage } from 'wix-emulator';
import { startEmulator, stop as stopEmulator, type Started as EmulatorProcess } from '../support/emulator-process';

/**
 * `npm pack` gives a package plain Node installs and uses without tsx: the tarball is installed into a new project,
 * and a CommonJS and an ES module script each send through it to `npm run emulator` over HTTP.
 */
const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };

/** What both scripts do: a real `@wix/sdk` client (API key), its requests sent to the emulator's URL, one send. */
const script = (importLines: string, email: string, key: string) => `${importLines}
const base = process.env.EMULATOR_URL;
const toEmulator = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  return fetch(new Request(new URL(url.pathname + url.search, base), request));
};
const client = createClient({ auth: ApiKeyStrategy({ apiKey: 'emulator-api-key', siteId: 'emulated-site' }), fetch: toEmulator });
const inbox = createInbox({ client });
inbox.send({ email: ${JSON.stringify(email)} }, 'Your order shipped', { idempotencyKey: ${JSON.stringify(key)} })
  .then((result) => console.log(JSON.stringify({ status: result.status, isInboxError: typeof isInboxError })))
  .catch((error) => { console.error(error); process.exitCode = 1; });
`;

let project = '';
let emulator: EmulatorProcess | undefined;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'velo-inbox-packed-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'packed-consumer', private: true }));
  // The registry answers from npm's cache where `npm ci` already put these packages.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project, filename), `@wix/sdk@${pkg.peerDependencies['@wix/sdk']}`], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  emulator = await startEmulator(['--seed', '3']);
}, 300_000);

afterAll(async () => {
  await stopEmulator(emulator);
  if (project) await rm(project, { recursive: true, force: true });
});

async function seedContact(email: string): Promise<string> {
  const response = await fetch(`${emulator!.url}/_emulator/seed/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ info: { emails: [{ email }] } }),
  });
  return ((await response.json()) as { _id: string })._id;
}

async function messagesTo(contactId: string): Promise<string[]> {
  const inspect = async <T>(path: string) => (await (await fetch(`${emulator!.url}/_emulator/inspect/${path}`)).json()) as T;
  const conversations = await inspect<InspectedConversation[]>('conversations');
  const texts: string[] = [];
  for (const { conversation } of conversations.filter((c) => 'contactId' in c.participantId && c.participantId.contactId === contactId)) {
    for (const { message } of await inspect<InspectedMessage[]>(`conversations/${conversation._id}/messages`)) {
      texts.push(...(message.content?.basic?.items ?? []).map((item) => item.text ?? ''));
    }
  }
  return texts;
}

async function runScript(file: string, source: string): Promise<unknown> {
  await writeFile(join(project, file), source);
  const { stdout } = await run(process.execPath, [file], { cwd: project, env: { ...process.env, EMULATOR_URL: emulator!.url } });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '');
}

describe('the package npm pack makes', () => {
  it('declares its entry points, types included, and ships only the built package', async () => {
    const installed = JSON.parse(await readFile(join(project, 'node_modules', 'velo-inbox', 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(installed.exports['.']).toEqual({
      types: './dist/package/node/index.d.ts',
      import: './dist/package/node/index.mjs',
      require: './dist/package/node/index.js',
    });
    const declarations = await readFile(join(project, 'node_modules', 'velo-inbox', 'dist', 'package', 'node', 'index.d.ts'), 'utf8');
    expect(declarations).toContain('createInbox');
    await expect(readFile(join(project, 'node_modules', 'velo-inbox', 'src', 'backend', 'inbox.web.ts'), 'utf8')).rejects.toThrow();
  });

  it('sends from CommonJS through require(), without tsx', async () => {
    const contactId = await seedContact('cjs@example.com');
    const result = await runScript(
      'send.cjs',
      script("const { createInbox, isInboxError } = require('velo-inbox');\nconst { ApiKeyStrategy, createClient } = require('@wix/sdk');", 'cjs@example.com', 'packed-cjs'),
    );
    expect(result).toEqual({ status: 'sent', isInboxError: 'function' });
    expect(await messagesTo(contactId)).toEqual(['Your order shipped']);
  });

  it('sends from an ES module through import, without tsx', async () => {
    const contactId = await seedContact('esm@example.com');
    const result = await runScript(
      'send.mjs',
      script("import { createInbox, isInboxError } from 'velo-inbox';\nimport { ApiKeyStrategy, createClient } from '@wix/sdk';", 'esm@example.com', 'packed-esm'),
    );
    expect(result).toEqual({ status: 'sent', isInboxError: 'function' });
    expect(await messagesTo(contactId)).toEqual(['Your order shipped']);
  });
});
