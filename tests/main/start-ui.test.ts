import { describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const tsx = join('node_modules', '.bin', 'tsx');
// A plain process, as `npm start` runs: not a jest worker (the emulator's module resolution checks for one).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'JEST_WORKER_ID'));

describe('npm start with the local UI', () => {
  it('tells the story, then serves the same site (UI and REST face) on 127.0.0.1 and prints the UI’s URL', async () => {
    const child = spawn(tsx, ['scripts/start.ts', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /http:\/\/127\.0\.0\.1:\d+\/_ui\b/.exec(output);
          if (found) resolve(found[0]);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_ui$/);

      const inbox = await (await fetch(`${url}/inbox`, { headers: { Cookie: await ownerCookie(url) } })).text();
      // The story's site: Ada's member conversation holds everything, merged from her visitor and contact threads.
      expect(inbox.match(/<article class="conversation"/g)).toHaveLength(1);
      expect(inbox).toContain('data-kind="member"');
      expect(inbox).toContain('(1 open, 2 merged into others)');
      expect(inbox).toContain('Yes, we ship to Oslo — 3 to 5 days.');
      // A browser arriving now is a new visitor, on a page of its own: the story's visitor's acknowledgement is not theirs.
      const page = await (await fetch(url)).text();
      expect(page).toContain('<p class="element-id">#formStatus · Text · hidden</p>');
      expect(page).not.toContain('Thanks! We sent a confirmation');
      // The same server answers as the Wix REST APIs, over the same site.
      const rest = await fetch(new URL('/_emulator/inspect/members', url));
      expect(((await rest.json()) as { loginEmail: string }[]).map((m) => m.loginEmail)).toEqual(['ada@example.com']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  /** A browser session switched to the site owner (the Inbox is the owner's), as its cookie. */
  async function ownerCookie(url: string): Promise<string> {
    const first = await fetch(url);
    const cookie = (first.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    const token = /name="formToken" value="([^"]+)"/.exec(await first.text())?.[1] ?? '';
    await fetch(`${url}/session`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: new URL(url).origin }, body: new URLSearchParams({ formToken: token, as: 'owner' }) });
    return cookie;
  }

  it('--help prints the options and exits', async () => {
    const { stdout } = await promisify(execFile)(tsx, ['scripts/start.ts', '--help'], { env });
    expect(stdout).toContain('--no-ui');
    expect(stdout).toContain('--port <n>');
    expect(stdout).toContain('--load <file>');
    expect(stdout).toContain('--export-on-exit <file>');
  }, 30_000);

  it('--export-on-exit writes the site state when the server is stopped; --load serves that state instead of the story', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-state-'));
    const file = join(dir, 'site.json');
    try {
      const first = spawn(tsx, ['scripts/start.ts', '--port', '0', '--export-on-exit', file], { env });
      const { url } = await served(first);
      // Something done after the story, while the server runs: a new visitor chats.
      await fetch(new URL('/_emulator/act/participant-messages', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ participantId: { anonymousVisitorId: 'visitor-late' }, content: 'After the story' }) });
      const exited = new Promise<number | null>((resolve) => first.on('exit', resolve));
      first.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(file)).toBe(true);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { members: { members: { loginEmail: string }[] } };
      expect(saved.members.members.map((m) => m.loginEmail)).toEqual(['ada@example.com']);
      expect(JSON.stringify(saved)).toContain('After the story');

      const second = spawn(tsx, ['scripts/start.ts', '--port', '0', '--load', file], { env });
      try {
        const { url: loadedUrl, output } = await served(second);
        expect(output).toContain('Site loaded');
        expect(output).not.toContain('An anonymous visitor asks');
        const members = (await (await fetch(new URL('/_emulator/inspect/members', loadedUrl))).json()) as { loginEmail: string }[];
        expect(members.map((m) => m.loginEmail)).toEqual(['ada@example.com']);
      } finally {
        second.kill('SIGTERM');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses to --load a file that is missing or not a saved state, before starting', async () => {
    const failure = await promisify(execFile)(tsx, ['scripts/start.ts', '--load', 'no-such-state.json'], { env }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--load: no file no-such-state.json') });
  }, 30_000);

  it('refuses a port that is not one, before telling the story', async () => {
    const failure = await promisify(execFile)(tsx, ['scripts/start.ts', '--port', 'eighty'], { env }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be a whole number from 0 to 65535, got eighty') });
  }, 30_000);
});

/** Waits until `npm start` prints the UI's address; resolves with the server's origin and the output so far. */
function served(child: ChildProcessWithoutNullStreams): Promise<{ url: string; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:\d+)\/_ui\b/.exec(output);
      if (found?.[1]) resolve({ url: found[1], output });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
  });
}
