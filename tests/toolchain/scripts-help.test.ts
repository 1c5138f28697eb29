import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
type Run = { code: number; stdout: string; stderr: string };
const run = (script: string, ...args: string[]): Promise<Run> =>
  promisify(execFile)(tsx, [join(repoRoot, 'scripts', script), ...args], { cwd: repoRoot, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Run) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

const SCRIPTS: [string, RegExp][] = [
  ['start.ts', /Usage: npm start[\s\S]*--save <file>/],
  ['soak.ts', /Usage: npm run soak[\s\S]*--intents <n>[\s\S]*--seed <n>/],
  ['build-site.ts', /Usage: npm run build[\s\S]*--site <dir>/],
  ['bench.ts', /npm run bench -- \[options\][\s\S]*--latency/],
  ['chaos.ts', /npm run chaos -- \[options\][\s\S]*--seeds N/],
  ['emulator.ts', /Usage: npm run emulator/],
];

// All at once: each is a fresh tsx process, and they are independent.
const runs = new Map<string, { help: Run; wrong: Run }>();
beforeAll(async () => {
  await Promise.all(
    SCRIPTS.map(async ([script]) => {
      const [help, wrong] = await Promise.all([run(script, '--help'), run(script, '--no-such-option')]);
      runs.set(script, { help, wrong });
    }),
  );
}, 120_000);

describe('every npm script answers --help and a mistyped option without a stack trace', () => {
  it.each(SCRIPTS)('%s', (script, usage) => {
    const { help, wrong } = runs.get(script) as { help: Run; wrong: Run };

    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(usage) });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Unknown option '--no-such-option'/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});
