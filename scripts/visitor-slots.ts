import { installVeloResolution } from 'wix-emulator/velo-resolution';
import { SITE_SOURCES } from './workbench/site-sources';
async function main() {
  installVeloResolution(SITE_SOURCES);
  const { runVisitorSlotsSeed } = await import('../tests/chaos/visitor-slots-story');
  const from = Number(process.argv[2] ?? 1), n = Number(process.argv[3] ?? 10), faults = process.argv[4] !== 'nofaults';
  let failing = 0, sent = 0;
  for (let seed = from; seed < from + n; seed += 1) {
    const r = await runVisitorSlotsSeed(seed, { faults });
    sent += r.sent;
    if (r.findings.length) { failing += 1; console.log(`seed ${seed}: ${r.findings.join('; ')}`); }
  }
  console.log(`seeds ${from}-${from + n - 1}: ${failing} failing, ${sent} acknowledgements delivered`);
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
