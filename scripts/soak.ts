/**
 * `npm run soak`: the delivery reliability scenario at 10,000 intents (the test runs 2,000), printing the counts.
 * Options: --intents N, --seed N.
 */
import { parseArgs } from 'node:util';
import { installVeloResolution } from '../emulator/pages/velo-resolution';
import { createSite } from '../emulator/site';

const { values } = parseArgs({ options: { intents: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' } } });

async function main(): Promise<void> {
  // The scenario imports the site's backend code, which imports Velo module names: map them to the emulator first.
  installVeloResolution();
  const { runDeliveryScenario, ISSUE_FAULT_RATES } = await import('../tests/reliability/delivery-scenario');
  const intents = Number(values.intents);
  const seed = Number(values.seed);
  if (!Number.isInteger(intents) || intents < 1) throw new Error('--intents takes a positive whole number');
  console.log(`soak: ${intents} intents, faults per inbox call: ${JSON.stringify(ISSUE_FAULT_RATES)}, seed ${seed}`);
  const report = await runDeliveryScenario(createSite({ seed }), { intents, seed });
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
