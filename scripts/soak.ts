/**
 * `npm run soak`: the delivery reliability scenario at 10,000 intents (the test runs 2,000), printing the counts.
 * `npm run soak -- --help` for the options; --chaos then also runs the seeded chaos sweep (`npm run chaos`).
 */
import { installVeloResolution } from '../emulator/pages/velo-resolution';
import { createSite, type Site } from '../emulator/site';
import { readCommandLine } from './command-line';

const USAGE = `Usage: npm run soak [-- options]

Sends many intents through the emulator while it injects 5xx, 429, merges mid-flight and lost responses, drains the
outbox, and prints what was delivered (exactly once), retried, dead, duplicated or lost. Progress every 2 seconds.

  --intents <n>   How many intents (default 10000).
  --seed <n>      Seed of the faults and timings (default 42): the same seed replays the same run.
  --chaos         Then also run the seeded chaos sweep (npm run chaos).
  --seeds <n>     How many seeds the chaos sweep runs (default 200).
  -h, --help      This text.`;

const values = readCommandLine(USAGE, {
  intents: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '42' },
  chaos: { type: 'boolean', default: false },
  seeds: { type: 'string', default: '200' },
});

/** Prints how far the run is, from the emulator's journal (what the site's code has done so far). */
function reportProgress(site: Site, intents: number, startedAt: number): () => void {
  const timer = setInterval(() => {
    const written = new Set(
      site.journal.entries((e) => e.operation === 'data.insert' && e.outcome === 'ok' && e.args[0] === 'InboxOutbox').map((e) => (e.args[1] as { _id?: unknown })._id),
    ).size;
    const sent = site.journal.count('inbox.sendMessage', 'ok');
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    console.log(`  … ${seconds} s: ${written}/${intents} intents written, ${sent} messages sent, ${site.journal.entries().length} API calls`);
  }, 2000);
  timer.unref();
  return () => clearInterval(timer);
}

async function main(): Promise<void> {
  // The scenario imports the site's backend code, which imports Velo module names: map them to the emulator first.
  installVeloResolution();
  const { runDeliveryScenario, ISSUE_FAULT_RATES } = await import('../tests/reliability/delivery-scenario');
  const intents = Number(values.intents);
  const seed = Number(values.seed);
  if (!Number.isInteger(intents) || intents < 1) throw new Error('--intents takes a positive whole number');
  console.log(`soak: ${intents} intents, faults per inbox call: ${JSON.stringify(ISSUE_FAULT_RATES)}, seed ${seed}`);
  const site = createSite({ seed });
  const stopProgress = reportProgress(site, intents, Date.now());
  const report = await runDeliveryScenario(site, { intents, seed }).finally(stopProgress);
  const rows: [string, number | string][] = [
    ['intents', report.intents],
    ['delivered (exactly once)', report.delivered],
    ['deduplicated repeats', report.deduplicated],
    ['retried (>1 attempt)', report.retried],
    ['queued after the call', report.queuedAfterCall],
    ['dead', report.dead],
    ['duplicates', report.duplicates],
    ['lost', report.lost],
    ['still pending', report.stillPending],
    ['conversation merges', report.merges],
    ['detached conversations', report.detachedConversations],
    ['drain runs (hourly job)', report.drainRuns],
    ['emulated API calls', report.emulatedApiCalls],
    ['wall time (ms)', report.wallMs],
  ];
  for (const [name, value] of rows) console.log(`  ${name.padEnd(26)} ${String(value).padStart(10)}`);
  if (report.duplicates + report.lost + report.dead + report.stillPending > 0) process.exitCode = 1;
  if (values.chaos) {
    console.log('');
    const { main: chaos } = await import('./chaos');
    if ((await chaos(['--seeds', values.seeds])) !== 0) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
