import type { RateDecision, RateLimiter, RateRequest, RateStanding } from '../inbox/ports';
import { MAX_CLOCK_SKEW_MS } from '../inbox/visitor-limits';
import { RATE_LIMITS_COLLECTION } from './collections';
import type { Item, ItemStore } from './item-store';
import { isDuplicateItem, translateWixError } from './translate-error';

/**
 * Sliding windows on wix-data, with `insert` of a fixed `_id` as the only exclusive step (design and proof:
 * docs/decisions/0005-sliding-window-rate-limits.md, and 0025-one-read-slots.md for the one read). Every allowed take
 * of a key is a row `<key>:<seq>` numbered 1, 2, 3 … without gaps. A take reads the key's newest rows, counts those
 * taken within the window, then inserts `seq + 1`: two takes that read the same state race for the same `_id` and
 * exactly one wins; the loser knows that one more row exists that it did not see (the one it collided with, just
 * inserted) and counts it before trying the next number. So every allowed take counted every row inserted before it,
 * and no span of `windowMs` holds more than `limit` rows that were not given back.
 *
 * One query reads both what the insert needs (the newest number) and what the count needs (the rows in the window):
 * the key's rows, newest number first, one page. The page is complete for the window when it holds every row of the
 * key, or when it reaches a row stamped more than the clock-skew bound before the window: a row is stamped just before
 * its own insert, after every row numbered below it was inserted, so every row below that one is older than the
 * window too. Otherwise (a key with more rows in its window than the page holds) the window is read on its own.
 *
 * Containers' clocks disagree by up to `MAX_CLOCK_SKEW_MS`: a take counts the rows stamped within `windowMs` plus that
 * bound before its own clock, so a row stamped by a container that runs behind still counts for as long as it could be
 * within the window in real time (and rows stamped ahead count until they age out, as there is no upper bound).
 *
 * A slot is named by its row and the instant it was taken (`<key>:<seq>:<at ms>`): numbering starts again once a
 * key's rows are removed, and the name of a slot is an idempotency key, which must never name an older send.
 *
 * A row given back is marked `released` by its taker (never deleted while it matters: a deleted number could be taken
 * again by a take that read an older state, and that take would not have counted the rows above it). Rows stay until
 * a day after their window ends (`expiresAt`), long past any take that could still read them; housekeeping removes
 * them then.
 */
export function itemRateLimiter(data: ItemStore, now: () => Date): RateLimiter {
  const limiter: RateLimiter = {
    async take(key, limit, windowMs) {
      const [standing] = await limiter.look([{ key, limit, windowMs }]);
      if (!standing) throw new TypeError('a reading answers every limit it was asked about');
      if (!standing.open) return { allowed: false, retryAfterMs: standing.retryAfterMs, heldBy: standing.heldBy };
      return standing.take();
    },

    async look(requests) {
      const readAt = now();
      const keys = [...new Set(requests.map((r) => r.key))];
      const size = pageSize(requests);
      let page: SlotRow[];
      try {
        page = (await data.query(RATE_LIMITS_COLLECTION).hasSome('key', keys).descending('seq').limit(size).find()).items.map(toSlotRow);
      } catch (error) {
        throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
      }
      return Promise.all(
        requests.map(async (request) => {
          const since = readAt.getTime() - request.windowMs - MAX_CLOCK_SKEW_MS;
          const own = page.filter((row) => row.key === request.key);
          const chain = page.length < size || reachesBefore(own, since) ? fromPage(own, request.limit, since) : await readWindow(data, request, since);
          return standing(data, now, request, chain, readAt);
        }),
      );
    },

    async holds(key, owner) {
      try {
        const { items } = await data.query(RATE_LIMITS_COLLECTION).eq('key', key).eq('owner', owner).limit(1).find();
        return items.some((item) => item.released !== true);
      } catch (error) {
        throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
      }
    },
  };
  return limiter;
}

/** What a take needs of its key: the newest number, and the rows counted in its window (oldest first, at most the limit). */
interface Chain {
  readonly newestSeq: number;
  readonly counted: readonly SlotRow[];
}

/**
 * Rows a page holds per limit: enough for every counted row and as many given back or older, so that a key used
 * within its limit is read complete in one query. Wix answers at most 1,000 rows a query.
 */
function pageSize(requests: readonly RateRequest[]): number {
  const counted = requests.reduce((sum, r) => sum + Math.max(1, r.limit), 0);
  return Math.min(PAGE_MAX, Math.max(PAGE_MIN, 2 * counted + 10));
}

const PAGE_MIN = 50;
const PAGE_MAX = 1000;

/**
 * Whether the page reaches past the window for this key: it holds one of the key's rows stamped, at its insert, more
 * than the clock-skew bound before the window. Every row numbered below it was inserted before that stamp was read,
 * on a clock at most the bound ahead, so it is older than the window: nothing the page leaves out is counted.
 * Rows written before 0025 were stamped when their take read, not when it inserted: they do not bound a page.
 */
function reachesBefore(rows: readonly SlotRow[], since: number): boolean {
  return rows.some((row) => row.stampedAtInsert === true && row.at.getTime() <= since - MAX_CLOCK_SKEW_MS);
}

function fromPage(rows: readonly SlotRow[], limit: number, since: number): Chain {
  const counted = rows
    .filter((row) => !row.released && row.at.getTime() > since)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, Math.max(1, limit));
  return { newestSeq: rows[0]?.seq ?? 0, counted };
}

/** The window of one key read on its own (a page too short to prove it complete): the newest number and the window. */
async function readWindow(data: ItemStore, request: RateRequest, since: number): Promise<Chain> {
  try {
    const [top, recent] = await Promise.all([
      data.query(RATE_LIMITS_COLLECTION).eq('key', request.key).descending('seq').limit(1).find(),
      // No upper bound on `at`: a row stamped ahead of this clock (another container's) counts too.
      data
        .query(RATE_LIMITS_COLLECTION)
        .eq('key', request.key)
        .gt('at', new Date(since))
        .ne('released', true)
        .ascending('at')
        .limit(Math.max(1, request.limit))
        .find(),
    ]);
    return { newestSeq: top.items.map(toSlotRow)[0]?.seq ?? 0, counted: recent.items.map(toSlotRow) };
  } catch (error) {
    throw translateWixError(error, `query ${RATE_LIMITS_COLLECTION}`);
  }
}

function standing(data: ItemStore, now: () => Date, request: RateRequest, chain: Chain, readAt: Date): RateStanding {
  const { key, limit, windowMs } = request;
  const { counted } = chain;
  const oldest = counted[0];
  const newestCounted = counted.at(-1);
  const retryAfterMs = oldest ? Math.max(0, oldest.at.getTime() + windowMs + MAX_CLOCK_SKEW_MS - readAt.getTime()) : windowMs;
  if (counted.length >= limit) {
    return { open: false, allowed: false, retryAfterMs, heldBy: newestCounted ? slotName(newestCounted) : `${key}:${chain.newestSeq + 1}:${readAt.getTime()}` };
  }
  return {
    open: true,
    async take(owner?: string): Promise<RateDecision> {
      let seq = chain.newestSeq + 1;
      let unseen = 0;
      let collidedWith: string | undefined;
      while (counted.length + unseen < limit) {
        // Stamped just before its insert, after every row numbered below it was inserted (read, or collided with):
        // what lets a later page stop at this row (reachesBefore).
        const at = now();
        const row: SlotRow = {
          _id: `${key}:${seq}`,
          key,
          seq,
          at,
          expiresAt: new Date(at.getTime() + windowMs + MAX_CLOCK_SKEW_MS + SLOT_KEEP_MS),
          stampedAtInsert: true,
          ...(owner === undefined ? {} : { owner }),
        };
        try {
          await data.insert(RATE_LIMITS_COLLECTION, { ...row });
          return { allowed: true, slot: slotName(row), giveBack: () => release(data, row) };
        } catch (error) {
          if (!isDuplicateItem(error)) throw translateWixError(error, `claim in ${RATE_LIMITS_COLLECTION}`);
        }
        // A take that read the same state won this number just now: count its row, try the next number.
        unseen += 1;
        collidedWith = row._id;
        seq += 1;
      }
      // Refused by a row this take never read: its name needs its stamp (only a race of takes comes here).
      const heldBy = collidedWith === undefined ? undefined : await nameOfRow(data, collidedWith);
      return { allowed: false, retryAfterMs, heldBy: heldBy ?? `${key}:${seq}:${readAt.getTime()}` };
    },
  };
}

/** `<key>:<seq>:<at ms>`: unique for ever, although numbers are taken again once a key's old rows are removed. */
function slotName(row: SlotRow): string {
  return `${row._id}:${row.at.getTime()}`;
}

async function nameOfRow(data: ItemStore, id: string): Promise<string> {
  let item: Item | null;
  try {
    item = await data.get(RATE_LIMITS_COLLECTION, id);
  } catch (error) {
    throw translateWixError(error, `read ${RATE_LIMITS_COLLECTION}`);
  }
  // Just inserted by another take, and rows are kept a day past their window: never missing but for a bug.
  if (!item) throw translateWixError(new Error(`slot ${id} vanished right after it was taken`), `read ${RATE_LIMITS_COLLECTION}`);
  return slotName(toSlotRow(item));
}

/** A row stays this long after its window: far longer than any take that could still read it runs. */
const SLOT_KEEP_MS = 24 * 60 * 60 * 1000;

interface SlotRow {
  readonly _id: string;
  readonly key: string;
  readonly seq: number;
  readonly at: Date;
  readonly expiresAt: Date;
  readonly released?: true;
  /** Stamped just before its insert (0025); rows written before were stamped when their take read. */
  readonly stampedAtInsert?: true;
  /** Who took it, when the taker names itself: a send gated on this slot (Intent.gate) checks it by this. */
  readonly owner?: string;
}

/** A stored slot row; the `at` a module reads back may be a Date or its ISO string. */
function toSlotRow(item: Record<string, unknown>): SlotRow {
  return {
    _id: String(item._id),
    key: String(item.key),
    seq: Number(item.seq),
    at: new Date(item.at as Date | string),
    expiresAt: new Date(item.expiresAt as Date | string),
    ...(item.released === true ? { released: true as const } : {}),
    ...(item.stampedAtInsert === true ? { stampedAtInsert: true as const } : {}),
    ...(typeof item.owner === 'string' ? { owner: item.owner } : {}),
  };
}

async function release(data: ItemStore, row: SlotRow): Promise<void> {
  try {
    // Only the taker writes its own row, so this whole-row update overwrites nobody else's change.
    await data.update(RATE_LIMITS_COLLECTION, { ...row, released: true });
  } catch (error) {
    throw translateWixError(error, `release in ${RATE_LIMITS_COLLECTION}`);
  }
}
