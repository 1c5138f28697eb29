import { runAs, type Caller } from '../kernel/caller';
import { currentPage, runOnBackend, runOnPage } from '../kernel/rpc';
import type { Site } from '../site';
import type { ElementControl, ElementHost, ElementSpec, FormSubmitInput } from './element-host';
import { createButton, createText, createTextInput } from './elements';
import { createWixForms, createWixFormsV2 } from './form-elements';

/** The `$w` page code uses: a selector function with `onReady` (and `at`, which has no repeaters to scope to here). */
export interface DollarW {
  (selector: string): object;
  onReady(handler: () => unknown): void;
  at(context: unknown): DollarW;
}

/**
 * One loaded page: its elements, its `$w`, the caller it runs as, and every handler it started. All page code runs
 * through `run` — as the caller, on the page side — and whatever a handler returns is tracked, so `settled()` waits
 * for async handlers and reports every failure instead of letting one vanish.
 */
export class PageScope implements ElementHost {
  readonly $w: DollarW;
  readonly #elements = new Map<string, ElementControl>();
  readonly #ready: (() => unknown)[] = [];
  #readyDone = false;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #failures: { label: string; error: unknown }[] = [];

  constructor(
    readonly site: Site,
    public caller: Caller,
    readonly name: string,
    elements: Readonly<Record<string, ElementSpec>>,
  ) {
    for (const [selector, spec] of Object.entries(elements)) this.#elements.set(selector, this.#create(selector, spec));
    const $w = ((selector: string) => this.select(selector)) as DollarW;
    $w.onReady = (handler) => this.onReady(handler);
    $w.at = () => $w;
    this.$w = $w;
  }

  /** Runs page code as the page's caller on the page side (no tracking: for the module body itself). */
  enter<T>(fn: () => T): T {
    return runAs(this.caller, () => runOnPage(this, fn));
  }

  fire<T>(label: string, handler: () => T): T | undefined {
    try {
      const result = this.enter(handler);
      if (isThenable(result)) this.#track(label, Promise.resolve(result));
      return result;
    } catch (error) {
      this.#failures.push({ label, error });
      return undefined;
    }
  }

  fail(label: string, error: Error): void {
    this.#failures.push({ label, error });
  }

  /** The browser's form post: Wix's side of it runs as the page's caller, on the backend. */
  submitForm(input: FormSubmitInput): Promise<{ submissionId: string; contactId: string }> {
    return runAs(this.caller, () => runOnBackend(() => this.site.forms.submit(input)));
  }

  select(selector: string): object {
    if (!/^#[A-Za-z][\w-]*$/.test(selector)) {
      throw new Error(`$w('${selector}'): the emulator selects single elements by ID ('#name') only.`);
    }
    const control = this.#elements.get(selector);
    // Wix's $w() answers a selector that matches nothing with an empty array (wix-code-docs $w.service.json: "An array
    // is returned even if one or no elements are selected"), so a missing ID does not throw here: reading a property
    // gives undefined, and calling an element method throws TypeError "… is not a function", as on a live site.
    if (!control) return [];
    return control.api;
  }

  control(selector: string): ElementControl {
    const control = this.#elements.get(selector);
    if (!control) throw new Error(`${selector} is not an element of ${this.name}.`);
    return control;
  }

  /** Registered before the page is ready: run by `runReady`. Registered later: runs at once, as on Wix. */
  onReady(handler: () => unknown): void {
    if (this.#readyDone) this.fire('$w.onReady', handler);
    else this.#ready.push(handler);
  }

  runReady(): void {
    this.#readyDone = true;
    for (const handler of this.#ready.splice(0)) this.fire('$w.onReady', handler);
  }

  /** Waits until no handler is running (including ones started meanwhile), then throws if any failed. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    if (this.#failures.length === 0) return;
    const failures = this.#failures.splice(0);
    if (failures.length === 1 && failures[0]) throw labelled(failures[0]);
    throw new AggregateError(
      failures.map(labelled),
      `${failures.length} page handler(s) failed on ${this.name}: ${failures.map((f) => f.label).join(', ')}`,
    );
  }

  #track(label: string, promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => undefined,
      (error: unknown) => {
        this.#failures.push({ label, error });
      },
    );
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  #create(selector: string, spec: ElementSpec): ElementControl {
    if (!/^#[A-Za-z][\w-]*$/.test(selector)) throw new Error(`Element keys are '#id' selectors, got '${selector}'.`);
    const id = selector.slice(1);
    const { type, ...initial } = typeof spec === 'string' ? { type: spec } : spec;
    switch (type) {
      case 'Text':
        return createText(id, this, initial);
      case 'Button':
        return createButton(id, this, initial);
      case 'TextInput':
        return createTextInput(id, this, initial);
      case 'WixForms':
        return createWixForms(id, this, initial);
      case 'WixFormsV2':
        return createWixFormsV2(id, this, initial);
    }
  }
}

/** The page whose code is running now (for the global `$w`), or undefined. */
export function runningPage(): PageScope | undefined {
  const page = currentPage();
  return page instanceof PageScope ? page : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** The handler's own error, with where it ran added to the message so a failing test names the handler. */
function labelled({ label, error }: { label: string; error: unknown }): unknown {
  if (error instanceof Error) {
    error.message = `[${label}] ${error.message}`;
    return error;
  }
  return new Error(`[${label}] ${String(error)}`, { cause: error });
}
