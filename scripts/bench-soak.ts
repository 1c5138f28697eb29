/**
 * `npm run bench -- --emulator`, last part: how the soak (scripts/soak.ts) scales. Each size runs in a child process
 * of its own, one after the other, so each peak memory figure is that run's alone; the ratio of the wall times shows
 * whether the emulator stays linear (4× the intents should take about 4× the time).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SoakFigures {
  readonly intents: number;
  readonly wallMs: number;
  readonly emulatedApiCalls: number;
  readonly callsPerIntent: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly journalRetained: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly lost: number;
}

const run = promisify(execFile);

/** One soak run in a fresh Node process (same loader flags as this one: tsx), read from its `--json` line. */
export async function soak(intents: number): Promise<SoakFigures> {
  const script = join(__dirname, 'soak.ts');
  const { stdout } = await run(process.execPath, [...process.execArgv, script, '--intents', String(intents), '--json'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as SoakFigures;
}

export async function runSoakBench(sizes: readonly number[], progress: (line: string) => void): Promise<SoakFigures[]> {
  const results: SoakFigures[] = [];
  for (const intents of sizes) {
    progress(`soak with ${intents.toLocaleString('en-US')} intents`);
    results.push(await soak(intents));
  }
  return results;
}

export function formatSoakBench(results: readonly SoakFigures[]): string {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const rows = [
    ['intents', 'wall s', 'API calls', 'calls/intent', 'peak RSS MB', 'peak heap MB', 'journal kept', 'delivered', 'dup/lost'],
    ...results.map((r) => [
      fmt(r.intents),
      fmt(r.wallMs / 1000, 1),
      fmt(r.emulatedApiCalls),
      fmt(r.callsPerIntent, 2),
      fmt(r.peakRssMb),
      fmt(r.peakHeapMb),
      fmt(r.journalRetained),
      fmt(r.delivered),
      `${r.duplicates}/${r.lost}`,
    ]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  const lines = rows.map((row) => row.map((cell, col) => cell.padStart(widths[col] ?? 0)).join('  '));
  const [first, last] = [results[0], results.at(-1)];
  if (first && last && last !== first) {
    const size = last.intents / first.intents;
    lines.push(
      '',
      `${fmt(last.intents)} intents took ${fmt(last.wallMs / first.wallMs, 2)}× the wall time of ${fmt(first.intents)} ` +
        `(${fmt(size, 1)}× the intents; linear is ${fmt(size, 1)}×)`,
    );
  }
  return lines.join('\n');
}
