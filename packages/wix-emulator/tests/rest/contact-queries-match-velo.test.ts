import { contacts as veloContacts } from 'wix-crm-backend';
import { contacts } from '@wix/crm';
import { apiKeyClient, Random, restApp, type Site } from '../../src';
import { callers, startSite } from '../../src/testing';

/**
 * The same contacts query asked through the real @wix/crm builder on the REST face and through the Velo
 * wix-crm-backend builder on the shim gives the same contacts, for seeded random conditions, sorts and pages.
 * (The SDK builder has no `or`/`not`; its conditions are and-ed. "Any of these values" is `in` on the SDK — `$in`, the
 * operator the v4 reference lists for names and emails — and `hasSome` on Velo.) SEEDS=n sweeps more; a failure names
 * its seed.
 */
const SEEDS = Number(process.env.SEEDS ?? 150);
const FIRSTS = ['Ann', 'ann', 'Anna', 'Bob', 'Bo'];
const EMAILS = ['ann@example.com', 'ANN@example.com', 'bob@example.com', 'bo@example.org'];

/** The emulator's seeded generator as a draw function: a seed gives the same queries every run. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

interface Builder {
  eq(f: string, v: unknown): Builder;
  ne(f: string, v: unknown): Builder;
  gt(f: string, v: unknown): Builder;
  le(f: string, v: unknown): Builder;
  startsWith(f: string, v: string): Builder;
  hasSome(f: string, v: unknown[]): Builder;
  in(f: string, v: unknown[]): Builder;
  ascending(f: string): Builder;
  descending(f: string): Builder;
  limit(n: number): Builder;
  skip(n: number): Builder;
  find(): Promise<{ items: { _id?: string | null }[]; totalCount?: number }>;
}

let site: Site;
let wix: ReturnType<typeof apiKeyClient<{ contacts: typeof contacts }>>;
const start = new Date('2026-01-01T09:00:00.000Z');

beforeAll(() => {
  site = startSite({ seed: 17, now: start });
  const rand = prng(7);
  for (let i = 0; i < 30; i += 1) {
    site.clock.advance(60_000);
    const first = FIRSTS[Math.floor(rand() * FIRSTS.length)] as string;
    const email = rand() < 0.8 ? `${i}.${EMAILS[Math.floor(rand() * EMAILS.length)] as string}` : undefined;
    site.contacts.seedContact({ name: { first }, ...(email ? { emails: [{ email, primary: true }] } : {}) });
  }
  wix = apiKeyClient(restApp(site), { contacts });
});

describe('contact queries through the REST face and through the Velo shim agree', () => {
  it(`on ${SEEDS} seeded random queries`, async () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const rand = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
      const steps: ((q: Builder, face: 'sdk' | 'velo') => Builder)[] = [];
      const anyOf = (q: Builder, face: 'sdk' | 'velo', f: string, v: unknown[]) => (face === 'sdk' ? q.in(f, v) : q.hasSome(f, v));
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n -= 1) {
        // Every value drawn now, not when the step runs: both faces must be asked the same question.
        const first = pick(FIRSTS);
        const other = pick(FIRSTS);
        const email = `${Math.floor(rand() * 30)}.${pick(EMAILS)}`;
        const at = new Date(start.getTime() + Math.floor(rand() * 31) * 60_000);
        steps.push(pick<(q: Builder, face: 'sdk' | 'velo') => Builder>([
          (q) => q.eq('info.name.first', first),
          (q) => q.ne('info.name.first', first),
          (q) => q.startsWith('info.name.first', first.slice(0, 2)),
          (q, face) => anyOf(q, face, 'info.name.first', [first, other]),
          (q, face) => anyOf(q, face, 'info.emails.email', [email]),
          (q) => q.eq('primaryInfo.email', email),
          (q) => q.gt('_createdDate', at),
          (q) => q.le('_createdDate', at),
        ]));
      }
      const sortField = pick(['_createdDate', 'info.name.first']);
      const descending = rand() < 0.5;
      const limit = 1 + Math.floor(rand() * 12);
      const skip = Math.floor(rand() * 4);
      const build = (q: Builder, face: 'sdk' | 'velo') => {
        for (const step of steps) q = step(q, face);
        return (descending ? q.descending(sortField) : q.ascending(sortField)).limit(limit).skip(skip);
      };
      const viaRest = await build(wix.contacts.queryContacts() as unknown as Builder, 'sdk').find();
      const viaVelo = await site.as(callers.admin(), () => build(veloContacts.queryContacts() as unknown as Builder, 'velo').find());
      // The Velo builder reports no total: count every match with one unpaged query.
      const allViaVelo = await site.as(callers.admin(), () => build(veloContacts.queryContacts() as unknown as Builder, 'velo').skip(0).limit(1000).find());
      const ids = (r: { items: { _id?: string | null }[] }) => r.items.map((c) => c._id);
      expect({ seed, ids: ids(viaRest), total: viaRest.totalCount }).toEqual({ seed, ids: ids(viaVelo), total: allViaVelo.items.length });
    }
  }, 60_000);
});
