import { roundState, type RoundState } from '../inbox/attempts';
import { isInboxError } from '../inbox/errors';
import { isFinished, type Intent } from '../inbox/intent';
import type { DeliveryRecord, Housekeeping } from '../inbox/ports';
import { caughtUpRow, rowCaughtUp } from '../inbox/retention';
import { DELIVERIES_COLLECTION, OUTBOX_COLLECTION, RATE_LIMITS_COLLECTION } from './collections';
import { fromItem, itemOutbox, type OutboxItem } from './item-outbox';
import type { Item, ItemQuery, ItemStore } from './item-store';
import { itemDeliveryLog } from './item-stores';
import { isDuplicateItem, translateWixError } from './translate-error';

/** Keys per `hasSome` read. */
const READ_CHUNK = 100;

/** Deletes, one item at a time (wix-data has no delete-by-query), what the queries find, up to `limit` per kind. */
export function itemHousekeeping(data: ItemStore): Housekeeping {
  const outbox = itemOutbox(data);
  const deliveries = itemDeliveryLog(data);
  async function removeAll(collection: string, query: ItemQuery, limit: number): Promise<number> {
    try {
      const { items } = await query.limit(limit).find();
      for (const item of items as { _id: string }[]) await data.remove(collection, item._id);
      return items.length;
    } catch (error) {
      throw translateWixError(error, `write ${collection}`);
    }
  }
  /**
   * Finished intents, removed by ID after the find (wix-data has no conditional remove). A key sent again in between
   * moves its row to a new round and then claims that round's first attempt; it reads the row back after its claim, and
   * this reads the claims back after its removes: whichever comes second sees the other and puts the row back (as the
   * new round, pending: the job reads its records and finishes it or refreshes the cache).
   */
  async function removeFinishedIntents(before: Date, now: Date, limit: number, kept: ReadonlySet<string>): Promise<number> {
    let found: Item[];
    try {
      ({ items: found } = await data.query(OUTBOX_COLLECTION).hasSome('status', ['sent', 'skipped', 'dead']).lt('completedAt', before).limit(limit).find());
      found = found.filter((item) => !kept.has(String(item._id)));
      for (const item of found) await data.remove(OUTBOX_COLLECTION, String(item._id));
    } catch (error) {
      throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
    }
    if (found.length === 0) return 0;
    const rounds = new Map(found.map((item) => [String(item._id), Number(item.round ?? 0)]));
    const newer = new Map<string, number>();
    try {
      const keys = [...rounds.keys()];
      for (let start = 0; start < keys.length; start += READ_CHUNK) {
        const { items } = await data.query(DELIVERIES_COLLECTION).hasSome('intentKey', keys.slice(start, start + READ_CHUNK)).eq('kind', 'attempt').limit(1000).find();
        for (const claim of items) {
          const key = String(claim.intentKey);
          const round = Number(claim.round);
          if (round > (rounds.get(key) ?? Infinity) && round > (newer.get(key) ?? -1)) newer.set(key, round);
        }
      }
    } catch (error) {
      throw translateWixError(error, `query ${DELIVERIES_COLLECTION}`);
    }
    let restored = 0;
    for (const item of found) {
      const round = newer.get(String(item._id));
      if (round === undefined) continue;
      const { completedAt: _completedAt, result: _result, lastError: _lastError, deadReason: _deadReason, ...kept } = item;
      try {
        await data.insert(OUTBOX_COLLECTION, { ...kept, _id: String(item._id), status: 'pending', round, attempts: 1, updatedAt: now, nextAttemptAt: now });
        restored += 1;
      } catch (error) {
        // The resend put it back first: its row stands.
        if (!isDuplicateItem(error)) throw translateWixError(error, `write ${OUTBOX_COLLECTION}`);
      }
    }
    return found.length - restored;
  }

  /**
   * Delivery records taken before `before`, up to `limit`, except those of a key whose outbox row is behind them
   * (retention.ts rowCaughtUp): those stay until the row says what they say. Answers how many were found (the purge
   * goes on to intents only when that was under a page) and removed, and which keys' records were kept.
   */
  async function removeRecords(before: Date, now: Date, limit: number): Promise<{ found: number; removed: number; kept: ReadonlySet<string> }> {
    let found: Item[];
    try {
      ({ items: found } = await data
        .query(DELIVERIES_COLLECTION)
        .hasSome('kind', ['attempt', 'result', 'message'])
        .or(data.query(DELIVERIES_COLLECTION).startsWith('_id', 'form-record:'))
        .or(data.query(DELIVERIES_COLLECTION).startsWith('_id', 'lease:'))
        .lt('at', before)
        .limit(limit)
        .find());
    } catch (error) {
      throw translateWixError(error, `write ${DELIVERIES_COLLECTION}`);
    }
    const { behind, split } = await keysBehind(found, now);
    let removed = 0;
    try {
      for (const item of found) {
        const key = intentKeyOf(item);
        if (key !== undefined && behind.has(key)) continue;
        if (split.has(String(item._id))) continue;
        await data.remove(DELIVERIES_COLLECTION, String(item._id));
        removed += 1;
      }
    } catch (error) {
      throw translateWixError(error, `write ${DELIVERIES_COLLECTION}`);
    }
    // A key whose outcome was kept keeps its row too: a row removed, the key sent again, the old outcome would stand.
    const kept = new Set([...behind, ...found.flatMap((item) => (split.has(String(item._id)) ? (intentKeyOf(item) ?? []) : []))]);
    return { found: found.length, removed, kept };
  }

  /**
   * The keys of these records whose row is behind their records, after bringing each such row up to them: a stale
   * finished row over a newer round (every put-back of saveFinished failed) would otherwise outlive the only records
   * that tell the newer round, and a Retry of it would send the message again. Read in bulk (two queries per
   * READ_CHUNK keys, only in a run that found old records: no cost on any send). A row behind is written as its newest
   * round ended (or, under way, put back pending: the job finishes it, and its records wait until it has), then read
   * back with the records, as saveFinished and newRound do (decision 0020): a resend that moved the row to a new round
   * meanwhile is seen, and its round is put back pending, never hidden. The records go only once a read shows the row
   * caught up: a run whose write failed keeps them, and the next run tries again.
   */
  async function keysBehind(found: readonly Item[], now: Date): Promise<{ behind: Set<string>; split: Set<string> }> {
    const keys = [...new Set(found.flatMap((item) => intentKeyOf(item) ?? []))];
    const behind = new Set<string>();
    // A caught-up key some of whose records this page does not hold (newer than the cutoff: stamped by a container
    // whose clock was behind; or past the page's end) keeps the record of its outcome until a page holds all that is
    // left of it: removed in part, what is left could tell a round under way that ended, and the next run would put the
    // row back pending and send again. (The ids of those outcome records.)
    const split = new Set<string>();
    const inPage = new Set(found.map((item) => String(item._id)));
    const keepOutcomeIfSplit = (state: RoundState, records: readonly DeliveryRecord[]) => {
      if (state.outcome && records.some((r) => !inPage.has(r.id))) split.add(state.outcome.id);
    };
    const written: string[] = [];
    for (const [key, row, state, records] of await rowsAndRounds(keys)) {
      if (rowCaughtUp(row, state)) {
        keepOutcomeIfSplit(state, records);
        continue;
      }
      behind.add(key);
      // Under way and shown (the job's row of it): nothing to write, the records wait until the round ends.
      if (!state.outcome && !hides(row, state)) continue;
      if (await saved(caughtUpRow(row, state, now))) written.push(key);
    }
    for (const [key, row, state, records] of await rowsAndRounds(written)) {
      if (rowCaughtUp(row, state)) {
        behind.delete(key);
        keepOutcomeIfSplit(state, records);
      } else if (hides(row, state)) await saved(caughtUpRow(row, state, now));
    }
    return { behind, split };
  }

  /** Each key's outbox row and the state of its newest round as all its records tell it (a key without a row is left out). */
  async function rowsAndRounds(keys: readonly string[]): Promise<[string, Intent, RoundState, DeliveryRecord[]][]> {
    const out: [string, Intent, RoundState, DeliveryRecord[]][] = [];
    for (let start = 0; start < keys.length; start += READ_CHUNK) {
      const part = keys.slice(start, start + READ_CHUNK);
      let rows: Item[];
      let records: DeliveryRecord[];
      try {
        [{ items: rows }, records] = await Promise.all([data.query(OUTBOX_COLLECTION).hasSome('_id', part).limit(READ_CHUNK).find(), deliveries.ofIntents(part)]);
      } catch (error) {
        throw isInboxError(error) ? error : translateWixError(error, `query ${OUTBOX_COLLECTION}`);
      }
      for (const item of rows) {
        const row = fromItem(item as OutboxItem);
        out.push([row.key, row, roundState(row, records), records.filter((r) => intentKeyOfRecord(r) === row.key)]);
      }
    }
    return out;
  }

  /** A row write of housekeeping's: a failure is left to the next run (the key's records are kept meanwhile). */
  async function saved(row: Intent): Promise<boolean> {
    try {
      await outbox.save(row);
      return true;
    } catch (error) {
      if (!isInboxError(error)) throw error;
      return false;
    }
  }

  return {
    async purge(cutoffs, limit) {
      const records = await removeRecords(cutoffs.leasesBefore, cutoffs.now, limit);
      // Delivery records go first, intents only once no old record is left: a key sent again after its intent is
      // removed starts afresh at round 0, and an old round-0 record would stand for its attempts (ids are per round).
      // A key whose records were kept (its row behind them) keeps its row too.
      const intents = records.found < limit ? await removeFinishedIntents(cutoffs.finishedIntentsBefore, cutoffs.now, limit, records.kept) : 0;
      const rateLimitSlots = await removeAll(
        RATE_LIMITS_COLLECTION,
        data.query(RATE_LIMITS_COLLECTION).lt('expiresAt', cutoffs.rateLimitSlotsBefore),
        limit,
      );
      return { intents, leases: records.removed, rateLimitSlots };
    },
  };
}

/** The intent a delivery record belongs to (attempt claims, results, adoptions); undefined for other records. */
function intentKeyOf(item: Item): string | undefined {
  const kind = item.kind;
  return (kind === 'attempt' || kind === 'result' || kind === 'message') && typeof item.intentKey === 'string' ? item.intentKey : undefined;
}

/** The intent a delivery record read by ofIntents belongs to (as intentKeyOf, for records already typed). */
function intentKeyOfRecord(record: DeliveryRecord): string | undefined {
  return record.kind === 'attempt' || record.kind === 'result' || record.kind === 'message' ? record.intentKey : undefined;
}

/** A row that does not show its key's newest round while that round is under way: finished, or of an earlier round. */
function hides(row: Intent, state: RoundState): boolean {
  return !state.outcome && (isFinished(row) || row.round < state.round);
}
