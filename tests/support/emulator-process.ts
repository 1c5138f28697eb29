import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface Started {
  readonly process: ChildProcess;
  readonly url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `scripts/emulator.ts` with `args` and resolves once it prints its URL. */
export function startEmulator(args: readonly string[]): Promise<Started> {
  const started = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/emulator.ts', '--port', '0', ...args], {
    cwd: root,
    // A process of its own, not a jest worker (the Velo module resolution stands down inside jest workers).
    env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'JEST_WORKER_ID')),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<Started>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL line within 60 s; output:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: started, url: match[1], output: () => output });
      }
    };
    started.stdout?.on('data', read);
    started.stderr?.on('data', read);
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${String(code)}) before listening:\n${output}`));
    });
  });
}

export async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    started.process.once('exit', () => resolve());
    started.process.kill('SIGTERM');
  });
}

