import wixData from 'wix-data';
import { items } from '@wix/data';
import { apiKeyClient, Random, restApp, type Site } from '../../src';
import { callers, startSite } from '../../src/testing';

/**
 * The same query asked through both faces gives the same answer: random filters (comparisons, text, arrays, dates,
 * emptiness, and/or/not), sorts and pages, built with the real @wix/data query builder on the REST face and with the
 * Velo wix-data builder on the shim, over the same collection. Seeds are swept (SEEDS=n for more); a failure names
 * its seed.
 */
const SEEDS = Number(process.env.SEEDS ?? 200);

/** The emulator's seeded generator as a draw function: a seed gives the same queries every run. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

const WORDS = ['alpha', 'Alpha', 'beta', 'gamma', 'al', 'Beta'];
const TAGS = ['x', 'y', 'z'];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

/** What both builders share, by name. */
interface Builder {
  eq(f: string, v: unknown): Builder;
  ne(f: string, v: unknown): Builder;
  gt(f: string, v: unknown): Builder;
  ge(f: string, v: unknown): Builder;
  lt(f: string, v: unknown): Builder;
  le(f: string, v: unknown): Builder;
  between(f: string, a: unknown, b: unknown): Builder;
  startsWith(f: string, v: string): Builder;
  contains(f: string, v: string): Builder;
  hasSome(f: string, v: unknown[]): Builder;
  hasAll(f: string, v: unknown[]): Builder;
  isEmpty(f: string): Builder;
  isNotEmpty(f: string): Builder;
  or(q: Builder): Builder;
  not(q: Builder): Builder;
  ascending(f: string): Builder;
  descending(f: string): Builder;
  limit(n: number): Builder;
  skip(n: number): Builder;
  find(options?: { returnTotalCount?: boolean }): Promise<{ items: Record<string, unknown>[]; totalCount?: number }>;
}

type Step = (q: Builder, fresh: () => Builder) => Builder;

function randomStep(rand: () => number, depth = 0): Step {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const n = Math.floor(rand() * 10);
  const word = pick(WORDS);
  const date = day(Math.floor(rand() * 10));
  // Drawn now, not when the step runs: both faces must be asked the same question.
  const tag = pick(TAGS);
  const tags = [pick(TAGS), pick(TAGS)];
  const kinds = depth < 2 ? 14 : 12;
  switch (Math.floor(rand() * kinds)) {
    case 0: return (q) => q.eq('n', n);
    case 1: return (q) => q.ne('s', word);
    case 2: return (q) => q.gt('n', n);
    case 3: return (q) => q.le('d', date);
    case 4: return (q) => q.between('n', n, n + 4);
    case 5: return (q) => q.startsWith('s', word.slice(0, 2));
    case 6: return (q) => q.contains('s', word.slice(1, 3));
    case 7: return (q) => q.hasSome('t', [tag]);
    case 8: return (q) => q.hasAll('t', tags);
    case 9: return (q) => q.isEmpty('n');
    case 10: return (q) => q.isNotEmpty('s');
    case 11: return (q) => q.eq('d', date);
    case 12: {
      const inner = randomStep(rand, depth + 1);
      return (q, fresh) => q.or(inner(fresh(), fresh));
    }
    default: {
      const inner = randomStep(rand, depth + 1);
      return (q, fresh) => q.not(inner(fresh(), fresh));
    }
  }
}

let site: Site;
let wix: ReturnType<typeof apiKeyClient<{ items: typeof items }>>;

beforeAll(() => {
  site = startSite({ seed: 8 });
  site.data.defineCollection('Things', { permissions: { read: 'Admin' } });
  const rand = prng(99);
  const rows = Array.from({ length: 40 }, (_, i) => {
    const row: Record<string, unknown> = { _id: `i${String(i).padStart(2, '0')}` };
    if (rand() < 0.8) row.n = Math.floor(rand() * 12);
    if (rand() < 0.8) row.s = WORDS[Math.floor(rand() * WORDS.length)];
    if (rand() < 0.9) row.d = day(Math.floor(rand() * 10));
    row.t = TAGS.filter(() => rand() < 0.4);
    return row;
  });
  site.data.seedItems('Things', rows);
  wix = apiKeyClient(restApp(site), { items });
});

describe('wix-data queries through the REST face and through the Velo shim agree', () => {
  it(`on ${SEEDS} seeded random queries`, async () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const rand = prng(seed);
      const steps = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomStep(rand));
      const sortField = ['n', 's', 'd', '_id'][Math.floor(rand() * 4)] as string;
      const descending = rand() < 0.5;
      const limit = 1 + Math.floor(rand() * 15);
      const skip = Math.floor(rand() * 5);
      const build = (fresh: () => Builder) => {
        let q = fresh();
        for (const step of steps) q = step(q, fresh);
        q = descending ? q.descending(sortField) : q.ascending(sortField);
        return q.ascending('_id').limit(limit).skip(skip);
      };
      // @wix/data reports a total only when asked (`returnTotalCount`); Velo's wix-data reports it unless told not to.
      const viaRest = await build(() => wix.items.query('Things') as unknown as Builder).find({ returnTotalCount: true });
      const viaVelo = await site.as(callers.admin(), () => build(() => wixData.query('Things') as unknown as Builder).find());
      const ids = (r: { items: Record<string, unknown>[] }) => r.items.map((i) => i._id);
      expect({ seed, ids: ids(viaRest), total: viaRest.totalCount }).toEqual({ seed, ids: ids(viaVelo), total: viaVelo.totalCount });
    }
  }, 60_000);
});
