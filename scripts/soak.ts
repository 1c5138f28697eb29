/**
 * `npm run soak`: the delivery reliability scenario at 10,000 intents (the test runs 2,000), printing the counts.
 * `npm run soak -- --help` for the options; --chaos then also runs the seeded chaos sweep (`npm run chaos`).
 */
import { installVeloResolution } from 'wix-emulator/velo-resolution';
import { SITE_SOURCES } from './workbench/site-sources';
import { createSite, type Site } from 'wix-emulator';
import { readCommandLine } from './command-line';

const USAGE = `Usage: npm run soak [-- options]

Sends many intents through the emulator while it injects 5xx, 429, merges mid-flight and lost responses, drains the
outbox, and prints what was delivered (exactly once), retried, dead, duplicated or lost, with the wall time and the
peak memory. Progress every 2 seconds.

  --intents <n>   How many intents (default 10000).
  --seed <n>      Seed of the faults and timings (default 42): the same seed replays the same run.
  --chaos         Then also run the seeded chaos sweep (npm run chaos).
  --seeds <n>     How many seeds the chaos sweep runs (default 200).
  --json          Print the report as one line of JSON instead (npm run bench -- --emulator reads it).
  -h, --help      This text.`;

const values = readCommandLine(USAGE, {
  intents: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '42' },
  chaos: { type: 'boolean', default: false },
  seeds: { type: 'string', default: '200' },
  json: { type: 'boolean', default: false },
});

/**
 * Prints how far the run is from counters (the outbox's size, the journal's counts): nothing is copied, so a progress
 * line costs the same at 100,000 intents as at 1,000.
 */
function reportProgress(site: Site, intents: number, startedAt: number, log: (line: string) => void): () => void {
  const timer = setInterval(() => {
    const written = site.data.countItems('InboxOutbox');
    const sent = site.journal.count('inbox.sendMessage', 'ok');
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    log(`  … ${seconds} s: ${written}/${intents} intents written, ${sent} messages sent, ${site.journal.recorded} API calls, heap ${heap} MB`);
  }, 2000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The highest heap use seen (sampled; the process's peak resident size comes from the OS at the end). */
function watchHeap(): { stop: () => number } {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 100);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().heapUsed);
    },
  };
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  // The scenario imports the site's backend code, which imports Velo module names: map them to the emulator first.
  installVeloResolution(SITE_SOURCES);
  const { runDeliveryScenario, ISSUE_FAULT_RATES } = await import('../tests/reliability/delivery-scenario');
  const intents = Number(values.intents);
  const seed = Number(values.seed);
  if (!Number.isInteger(intents) || intents < 1) throw new Error('--intents takes a positive whole number');
  const log = values.json ? () => undefined : (line: string) => console.log(line);
  log(`soak: ${intents} intents, faults per inbox call: ${JSON.stringify(ISSUE_FAULT_RATES)}, seed ${seed}`);
  const site = createSite({ seed });
  const heap = watchHeap();
  const stopProgress = reportProgress(site, intents, Date.now(), log);
  const report = await runDeliveryScenario(site, { intents, seed }).finally(stopProgress);
  const peakHeapMb = Math.round(heap.stop() / MB);
  // maxRSS is in kilobytes: the most memory the process held at any moment of the run.
  const peakRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / MB);
  const callsPerIntent = Math.round((report.emulatedApiCalls / report.intents) * 100) / 100;
  if (values.json) {
    console.log(JSON.stringify({ ...report, callsPerIntent, peakRssMb, peakHeapMb, journalRetained: site.journal.retained }));
  } else {
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
      ['API calls per intent', callsPerIntent],
      ['journal entries kept', site.journal.retained],
      ['wall time (ms)', report.wallMs],
      ['peak RSS (MB)', peakRssMb],
      ['peak heap (MB)', peakHeapMb],
    ];
    for (const [name, value] of rows) console.log(`  ${name.padEnd(26)} ${String(value).padStart(10)}`);
  }
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
