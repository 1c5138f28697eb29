import { ALL_INGREDIENTS, runChaosSeed, show, type Ingredients, type SeedReport } from './scenario';

export interface SweepOptions {
  readonly from: number;
  readonly seeds: number;
  readonly ingredients?: Ingredients;
  /** Called after each seed (progress). */
  readonly onSeed?: (report: SeedReport, done: number) => void;
}

export interface SweepReport {
  readonly seeds: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly deadWhileHealthy: number;
  readonly misaddressed: number;
  readonly unsettled: number;
  readonly failures: readonly SeedReport[];
  /** Totals over the sweep: how much trouble it really made. */
  readonly faultsInjected: number;
  readonly clockJumps: number;
  readonly merges: number;
  readonly emulatedCalls: number;
  readonly wallMs: number;
}

/** Seeds `from` … `from + seeds - 1`, one after another (each on its own fresh site). */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const started = performance.now();
  const reports: SeedReport[] = [];
  for (let i = 0; i < options.seeds; i += 1) {
    const report = await runChaosSeed(options.from + i, options.ingredients ?? ALL_INGREDIENTS);
    reports.push(report);
    options.onSeed?.(report, i + 1);
  }
  const sum = (f: (r: SeedReport) => number) => reports.reduce((total, r) => total + f(r), 0);
  return {
    seeds: reports.length,
    duplicates: sum((r) => r.duplicates),
    lost: sum((r) => r.lost),
    deadWhileHealthy: sum((r) => r.deadWhileHealthy),
    misaddressed: sum((r) => r.misaddressed),
    unsettled: sum((r) => (r.unsettled ? 1 : 0)),
    failures: reports.filter((r) => r.failed),
    faultsInjected: sum((r) => r.faultsInjected),
    clockJumps: sum((r) => r.clockJumpsMade),
    merges: sum((r) => (r.merged ? 1 : 0)),
    emulatedCalls: sum((r) => r.emulatedCalls),
    wallMs: Math.round(performance.now() - started),
  };
}

/** The one-line verdict the run prints last. */
export function verdict(sweep: SweepReport): string {
  return `duplicates ${sweep.duplicates}, lost ${sweep.lost}, dead-while-healthy ${sweep.deadWhileHealthy}, misaddressed ${sweep.misaddressed}, unsettled ${sweep.unsettled}`;
}

export function replayCommand(seed: number): string {
  return `npm run chaos -- --seed ${seed}`;
}

/** Everything one seed did, for a replay. */
export function describeSeed(report: SeedReport): string[] {
  return [
    `seed ${report.seed}: ${report.failed ? 'FAILED' : 'ok'} — duplicates ${report.duplicates}, lost ${report.lost}, dead-while-healthy ${report.deadWhileHealthy}, misaddressed ${report.misaddressed}${report.unsettled ? ', unsettled' : ''}`,
    `  trouble: ${report.faultsInjected} injected failures, ${report.clockJumpsMade} clock jumps, ${report.merged ? 'a contact became a member mid-flight' : 'no merge'}; ${report.emulatedCalls} emulated calls, ${report.jobRuns} job runs after the faults stopped`,
    ...report.keys.map((k) => `  ${k.key.padEnd(18)} calls: ${k.outcomes.map(show).join(', ') || '—'}; afterwards: ${show(k.probe)}${k.probeSent ? ' (had to send)' : ''}`),
    ...report.findings.map((f) => `  ✗ ${f}`),
  ];
}
