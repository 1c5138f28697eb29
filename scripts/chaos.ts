/**
 * `npm run chaos`: the seeded chaos sweep of the delivery layer (tests/chaos/scenario.ts). Each seed runs on a fresh
 * emulated site: several calls with one key at once, identical contents under different keys, the job beside them,
 * clock jumps of minutes, 5xx / 429 / lost responses on Inbox and wix-data, a contact becoming a member mid-flight;
 * then the job runs until quiet and the Inbox is counted. Exit code 1 when any seed breaks a delivery guarantee
 * (duplicates, lost, dead while healthy, misaddressed, unsettled). A message in a detached conversation is one the
 * member never sees: it fails the run like a lost one (docs/decisions/0020-delivery-v3.md).
 * The same seeds then run the broadcast, visitor-limit and greeting stories (tests/chaos/limits-scenarios.ts).
 */
import { parseArgs } from 'node:util';
import { describeFailure } from './command-line';
import { installVeloResolution } from 'wix-emulator/velo-resolution';
import { SITE_SOURCES } from './workbench/site-sources';
import type { LimitsSeedReport } from '../tests/chaos/limits-scenarios';

const HELP = `npm run chaos -- [options]

  --seeds N     how many seeds to sweep (default 200)
  --from S      first seed of the sweep (default 1)
  --seed S      replay one seed and print everything it did
  --verbose     with --seed: also print what the site's code logged
  --without X   leave out kinds of trouble, comma-separated: faults, clock-jumps, merges (seeds then differ only
                in what is left out)
  --help        this text

Then, for the same seeds, broadcasts started again after housekeeping, sign-ups during a broadcast, visitor
acknowledgements through containers whose clocks disagree, once-a-day greetings over several days (logins from
several tabs, backend sends, a contact signing up), and acknowledgements judged by the limit slots that count them
(failed first submits clicked again beside the job): duplicates, lost, and windows over a limit or a cap.

Prints duplicates, lost, dead-while-healthy, misaddressed (messages in a detached conversation, which the member
never sees) and unsettled (the job never went quiet) over all seeds, and a replay command for every failing seed.
Any of them fails the run.`;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seeds: { type: 'string', default: '200' },
      from: { type: 'string', default: '1' },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      without: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // The scenario imports the site's backend code, which imports Velo module names: map them to the emulator first.
  installVeloResolution(SITE_SOURCES);
  const { runChaosSeed } = await import('../tests/chaos/scenario');
  const { runLimitsSeed } = await import('../tests/chaos/limits-scenarios');
  const ingredients = parseWithout(values.without);
  const { describeSeed, replayCommand, runSweep, verdict } = await import('../tests/chaos/sweep');

  if (values.seed !== undefined) {
    const seed = wholeNumber(values.seed, '--seed');
    const report = await runChaosSeed(seed, ingredients);
    for (const line of describeSeed(report)) console.log(line);
    if (values.verbose) for (const line of report.logs) console.log(`  log ${line}`);
    const limits = await runLimitsSeed(seed);
    console.log(`  broadcasts and limits: ${limits.failed ? 'FAILED' : 'ok'} — ${limitsVerdict([limits])}`);
    for (const finding of limits.findings) console.log(`  ✗ ${finding}`);
    if (values.verbose) for (const line of limits.logs) console.log(`  log ${line}`);
    return report.failed || limits.failed ? 1 : 0;
  }

  const seeds = wholeNumber(values.seeds, '--seeds');
  const from = wholeNumber(values.from, '--from');
  if (seeds < 1) throw new Error('--seeds takes a positive whole number');
  const left = Object.entries(ingredients).filter(([, on]) => !on).map(([name]) => name);
  console.log(`chaos: seeds ${from}–${from + seeds - 1}${left.length ? `, without ${left.join(', ')}` : ''}`);
  let failing = 0;
  const step = Math.max(1, Math.ceil(seeds / 10));
  const sweep = await runSweep({
    from,
    seeds,
    ingredients,
    onSeed: (report, done) => {
      if (report.failed) failing += 1;
      if (done % step === 0 || done === seeds) console.log(`  ${String(done).padStart(String(seeds).length)}/${seeds} seeds, ${failing} failing`);
    },
  });
  console.log(
    `\n${sweep.seeds} seeds in ${(sweep.wallMs / 1000).toFixed(1)} s: ${sweep.faultsInjected} injected failures, ${sweep.clockJumps} clock jumps, ` +
      `${sweep.merges} merges mid-flight, ${sweep.emulatedCalls} emulated calls`,
  );
  for (const report of sweep.failures) {
    console.log(`  seed ${report.seed}: ${report.findings.join('; ')}\n    replay: ${replayCommand(report.seed)}${values.without ? ` --without ${values.without}` : ''}`);
  }
  console.log(verdict(sweep));

  // The broadcast and visitor-limit stories, for the same seeds.
  const limits: LimitsSeedReport[] = [];
  for (let seed = from; seed < from + seeds; seed += 1) limits.push(await runLimitsSeed(seed));
  const limitsFailing = limits.filter((r) => r.failed);
  for (const report of limitsFailing) console.log(`  seed ${report.seed}: ${report.findings.join('; ')}\n    replay: ${replayCommand(report.seed)}`);
  console.log(`broadcasts restarted after retention, sign-ups during a broadcast, skewed containers, greetings, slot takes, dead keys retried and resent: ${limitsVerdict(limits)}`);
  return sweep.failures.length > 0 || limitsFailing.length > 0 ? 1 : 0;
}

function limitsVerdict(reports: readonly LimitsSeedReport[]): string {
  const sum = (f: (r: LimitsSeedReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  return `duplicates ${sum((r) => r.duplicates)}, lost ${sum((r) => r.lost)}, over a limit ${sum((r) => r.overLimit)}`;
}

function parseWithout(text: string): { faults: boolean; clockJumps: boolean; merges: boolean } {
  const names = text.split(',').map((n) => n.trim()).filter(Boolean);
  for (const name of names) if (!['faults', 'clock-jumps', 'merges'].includes(name)) throw new Error(`--without takes faults, clock-jumps, merges; got ${name}`);
  return { faults: !names.includes('faults'), clockJumps: !names.includes('clock-jumps'), merges: !names.includes('merges') };
}

function wholeNumber(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} takes a whole number, got ${text}`);
  return n;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(describeFailure(error, HELP));
      process.exitCode = 1;
    },
  );
}
