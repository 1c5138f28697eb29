/**
 * What the chaos stories beside the delivery seeds share (limits-scenarios.ts, greeting-story.ts): a fresh emulated
 * site per story with seeded time, seeded Inbox and wix-data failures, and the hourly job run until it goes quiet.
 */
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { REQUIRED_COLLECTIONS } from 'backend/wix/collections';
import { controlsFor, createSite, useSite, type Caller, type Site, type SiteControls } from 'wix-emulator';
import { Prng } from './prng';
import { installVirtualTime } from './virtual-time';
import { ADMIN_ONLY } from '../../scripts/workbench/admin-only';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const EVENT: Caller = { kind: 'system', reason: 'event' };
export const JOB: Caller = { kind: 'system', reason: 'job' };

/** What a story found broken: each count is a guarantee, each finding a line saying where. */
export interface StoryFindings {
  duplicates: number;
  lost: number;
  overLimit: number;
  findings: string[];
}
export type Story = (site: Site, controls: SiteControls, random: Prng) => Promise<StoryFindings>;

/** Runs `story` on a fresh site whose time and randomness follow the seed (and the story's name). */
export async function onFreshSite(seed: number, name: string, logs: string[], story: Story, options: { readLagMs?: number } = {}): Promise<StoryFindings> {
  const site = createSite({ seed, ...options });
  useSite(site);
  const controls = controlsFor(site);
  for (const collection of REQUIRED_COLLECTIONS) controls.seed.collection(collection, ADMIN_ONLY);
  controls.clock.set(new Date('2030-07-01T09:00:00Z'));
  const random = new Prng(seed ^ hash(name));
  const restoreTime = installVirtualTime(controls.clock, () => random.next());
  const restoreConsole = captureConsole(logs);
  try {
    return await story(site, controls, random);
  } finally {
    restoreConsole();
    restoreTime();
  }
}

/** Few failures, each once: retries and the job must absorb them (lost answers included). */
export function injectInboxFaults(controls: SiteControls, random: Prng, operations: readonly string[] = ['inbox.getOrCreateConversation', 'inbox.sendMessage', 'data.insert', 'data.bulkInsert']): void {
  for (let i = random.int(0, 4); i > 0; i -= 1) {
    const operation = random.pick(operations);
    const probability = 0.05 + random.next() * 0.2;
    const kind = random.int(0, 2);
    controls.faults.inject(operation, kind === 0 ? { status: 503, probability, times: 1 } : kind === 1 ? { status: 429, retryAfterSeconds: random.int(1, 10), probability, times: 1 } : { responseLost: true, probability, times: 1 });
  }
}

/** Hourly job runs until two in a row call neither Inbox nor the contacts or members (at most 20 hours). */
export async function drainUntilQuiet(site: Site, controls: SiteControls): Promise<void> {
  let quiet = 0;
  for (let run = 0; run < 20 && quiet < 2; run += 1) {
    controls.clock.advance(HOUR);
    const before = controls.journal.entries().length;
    await site.as(JOB, () => drainInboxOutbox()).catch(() => undefined);
    quiet = controls.journal.entries().slice(before).some((e) => /^(inbox|contacts|members)\./.test(e.operation)) ? 0 : quiet + 1;
  }
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

function captureConsole(lines: string[]): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void lines.push(`${m}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  return () => methods.forEach((m, i) => (console[m] = saved[i] as (typeof console)[typeof m]));
}
