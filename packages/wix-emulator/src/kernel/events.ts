import { BoundedList } from './bounded-list';
import { runAs } from './caller';

/** The `src/backend/events.ts` module, as Wix sees it: exported functions named after the events. */
export type EventHandlers = Readonly<Record<string, unknown>>;

export interface DispatchedEvent {
  readonly name: string;
  readonly event: unknown;
  readonly handled: boolean;
  /** The site exports a handler of this name in a form Wix never calls: why (`not called by Wix: …`). */
  readonly notCalled?: string;
}

/** How many of the latest events the log keeps. */
export const LOGGED_EVENTS = 10_000;

/**
 * Delivers backend events the way Wix does: asynchronously, after the operation that caused them has returned,
 * to the handler exported under the event's name, in a session-less backend context (not elevated: a handler that
 * needs admin APIs must elevate, the stricter reading of the docs). A failing handler never fails the operation;
 * its error is kept and re-thrown by `settle()`, so a test cannot miss it.
 */
export class EventDispatcher {
  #handlers: EventHandlers = {};
  /** The latest events only, as the journal keeps the latest calls: a long run emits one per message sent. */
  readonly #log = new BoundedList<DispatchedEvent>(LOGGED_EVENTS);
  readonly #pending = new Set<Promise<void>>();
  readonly #failures: { name: string; error: unknown }[] = [];
  #notCalled: ReadonlyMap<string, string> = new Map();
  readonly #notCalledListeners = new Set<(name: string, why: string) => void>();

  /**
   * `notCalled`: handlers the site exports in a form Wix never calls (a loaded site repo, src/site-repo/), by
   * name, with the report to give when their event fires instead.
   */
  setHandlers(handlers: EventHandlers, notCalled: ReadonlyMap<string, string> = new Map()): void {
    this.#handlers = handlers;
    this.#notCalled = notCalled;
  }

  /** Called whenever an event fires whose handler Wix would not call. Returns the unsubscribe function. */
  onNotCalled(listener: (name: string, why: string) => void): () => void {
    this.#notCalledListeners.add(listener);
    return () => this.#notCalledListeners.delete(listener);
  }

  emit(name: string, event: unknown): void {
    const handler = this.#handlers[name];
    const notCalled = typeof handler === 'function' ? undefined : this.#notCalled.get(name);
    this.#log.push({ name, event, handled: typeof handler === 'function', ...(notCalled === undefined ? {} : { notCalled }) });
    if (notCalled !== undefined) for (const listener of this.#notCalledListeners) listener(name, notCalled);
    if (typeof handler !== 'function') return;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => runAs({ kind: 'system', reason: 'event' }, () => (handler as (e: unknown) => unknown)(event)))
      .then(
        () => undefined,
        (error: unknown) => {
          this.#failures.push({ name, error });
        },
      )
      .finally(() => this.#pending.delete(run));
    this.#pending.add(run);
  }

  /** Events emitted so far (handled or not; the latest 10,000), oldest first. */
  log(name?: string): DispatchedEvent[] {
    const logged = this.#log.toArray();
    return name === undefined ? logged : logged.filter((e) => e.name === name);
  }

  /** Waits until no handler is running, including handlers of events that handlers emitted. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    if (this.#failures.length > 0) {
      const failures = this.#failures.splice(0);
      throw new AggregateError(
        failures.map((f) => f.error),
        `${failures.length} event handler(s) failed: ${failures.map((f) => f.name).join(', ')}`,
      );
    }
  }

  clearLog(): void {
    this.#log.clear();
  }
}
