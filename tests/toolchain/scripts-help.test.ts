import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const run = (script: string, ...args: string[]) =>
  promisify(execFile)(tsx, [join(repoRoot, 'scripts', script), ...args], { cwd: repoRoot, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('every npm script answers --help and a mistyped option without a stack trace', () => {
  it.each([
    ['start.ts', /Usage: npm start[\s\S]*--save <file>/],
    ['soak.ts', /Usage: npm run soak[\s\S]*--intents <n>[\s\S]*--seed <n>/],
    ['build-site.ts', /Usage: npm run build[\s\S]*--site <dir>/],
  ])('%s', async (script, usage) => {
    const [help, wrong] = await Promise.all([run(script, '--help'), run(script, '--no-such-option')]);

    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(usage) });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Unknown option '--no-such-option'/);
    expect(wrong.stderr).toMatch(usage);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
