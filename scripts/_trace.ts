import { installVeloResolution } from '../emulator/pages/velo-resolution';
installVeloResolution();
(async () => {
  const { runChaosSeed, show } = await import('../tests/chaos/scenario');
  const { activeSite } = await import('../emulator');
  const s = Number(process.argv[2]);
  const r = await runChaosSeed(s);
  console.log(r.findings, r.faultsInjected, r.clockJumpsMade);
  for (const k of r.keys) console.log('  ', k.key, k.outcomes.map(show).join(','), show(k.probe), k.probeSent);
  const site = activeSite();
  for (const e of site.journal.entries()) {
    const a = JSON.stringify(e.args).slice(0, 140);
    if (e.operation.startsWith('inbox.') || e.operation.startsWith('data.') && /Outbox/.test(a) || e.operation.startsWith('webMethod'))
      console.log(e.seq, e.at.slice(11, 23), e.caller.kind, (e.caller as any).reason ?? '', e.operation, e.outcome, e.error?.status ?? '', a.slice(0, 120));
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
