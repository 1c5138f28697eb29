import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

/** `wix-emulator --site <repo>` (npm run serve in the package) as a process of its own, on any site repo. */
const PACKAGE = join(__dirname, '..');
const TSX = require.resolve('tsx/cli');
const BAKERY = join(__dirname, 'fixtures', 'site-repos', 'bakery');
// A process of its own, not a jest worker (the Velo module resolution stands down inside jest workers).
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'JEST_WORKER_ID'));

const running: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGTERM');
});

function serve(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [TSX, 'src/cli.ts', '--port', '0', ...args], { cwd: PACKAGE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
}

describe('wix-emulator --site <repo>', () => {
  it('serves the repo over HTTP: the collection its wix-emulator.json declares to the controls, its page in the UI with --ui', async () => {
    const url = await serve(['--site', BAKERY, '--ui']);
    const collection = await fetch(`${url}/_emulator/inspect/collections/Orders`);
    expect(collection.status).toBe(200);
    expect(await collection.json()).toEqual([]);
    const page = await (await fetch(`${url}/_ui`)).text();
    expect(page).toContain('Order a loaf: the page calls the orders web module.');
  }, 70_000);

  it('refuses to start without a site, saying what it needs (exit code 2)', () => {
    const run = spawnSync(process.execPath, [TSX, 'src/cli.ts'], { cwd: PACKAGE, env, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--site <repo> is required: the Wix site repo to run');
    expect(run.stderr).toContain('Usage: wix-emulator --site <repo> [options]');
  }, 30_000);

  it('runs as the package\'s bin (npx wix-emulator), TypeScript sources and all', () => {
    const run = spawnSync(process.execPath, [join(PACKAGE, 'bin', 'wix-emulator.cjs'), '--help'], { cwd: PACKAGE, env, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: wix-emulator --site <repo> [options]');
  }, 30_000);
});
