import type { Random } from './random';

/** What an injected failure looks like to the caller. */
export interface FaultSpec {
  /** HTTP status of the failure (v2 APIs); default 503. */
  readonly status?: number;
  /** Application error code (v2) or wix-data code (`WD_…`); default derived from the status. */
  readonly code?: string;
  /** Fail this many matching calls, then stop (default: unlimited while `probability` applies, else 1). */
  readonly times?: number;
  /** Fail each matching call with this probability (seeded, repeatable). */
  readonly probability?: number;
  /** Attach `Retry-After` (seconds) to the error, as a 429/503 would. */
  readonly retryAfterSeconds?: number;
  /** The write happens, then the response is lost: the caller sees an error although the effect is applied. */
  readonly responseLost?: boolean;
}

interface ActiveFault {
  readonly id: number;
  readonly operation: string;
  readonly spec: FaultSpec;
  remaining: number;
}

/** An injected fault as `list()` shows it: `remaining` is Infinity for a probability fault without `times`. */
export interface InjectedFault {
  readonly id: number;
  readonly operation: string;
  readonly spec: FaultSpec;
  readonly remaining: number;
}

interface Interleaving {
  readonly operation: string;
  readonly action: (args: readonly unknown[]) => unknown;
  remaining: number;
}

/** Per-operation fault injection; `clear()` between tests (msw-style per-test overrides). */
export class Faults {
  readonly #active: ActiveFault[] = [];
  readonly #interleavings: Interleaving[] = [];
  readonly #random: Random;
  #nextId = 1;

  constructor(random: Random) {
    this.#random = random;
  }

  /** `operation` is `<service>.<operation>` or `*` for every operation. Returns the fault's ID (for `remove`). */
  inject(operation: string, spec: FaultSpec = {}): number {
    const remaining = spec.times ?? (spec.probability !== undefined ? Number.POSITIVE_INFINITY : 1);
    const id = this.#nextId;
    this.#nextId += 1;
    this.#active.push({ id, operation, spec: { ...spec }, remaining });
    return id;
  }

  /** The faults that can still fire, oldest first (used-up ones are dropped). */
  list(): InjectedFault[] {
    return this.#active.filter((f) => f.remaining > 0).map((f) => ({ id: f.id, operation: f.operation, spec: { ...f.spec }, remaining: f.remaining }));
  }

  /** Removes one injected fault; false when there is none with this ID (already used up or removed). */
  remove(id: number): boolean {
    const index = this.#active.findIndex((f) => f.id === id && f.remaining > 0);
    if (index < 0) return false;
    this.#active.splice(index, 1);
    return true;
  }

  /** Decides, for one call, whether it fails; consumes one use of the fault when it does. */
  take(operation: string): FaultSpec | undefined {
    for (const fault of this.#active) {
      if (fault.remaining <= 0) continue;
      if (fault.operation !== operation && fault.operation !== '*') continue;
      if (fault.spec.probability !== undefined && this.#random.next() >= fault.spec.probability) continue;
      fault.remaining -= 1;
      return fault.spec;
    }
    return undefined;
  }

  /**
   * Runs `action` (awaited) just before the next `times` calls of `operation` proceed: how a test makes something happen
   * "in between", e.g. a merge between getOrCreateConversation and sendMessage. The action gets the call's arguments.
   */
  interleave(operation: string, action: (args: readonly unknown[]) => unknown, times = 1): void {
    this.#interleavings.push({ operation, action, remaining: times });
  }

  takeInterleaving(operation: string): ((args: readonly unknown[]) => unknown) | undefined {
    const found = this.#interleavings.find((i) => i.remaining > 0 && (i.operation === operation || i.operation === '*'));
    if (!found) return undefined;
    found.remaining -= 1;
    return found.action;
  }

  clear(): void {
    this.#active.length = 0;
    this.#interleavings.length = 0;
  }
}
