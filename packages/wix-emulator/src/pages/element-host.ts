/**
 * What an emulated element needs from the page that owns it. Elements never run handlers themselves: the page runs
 * them as its caller, on the page side, and tracks what they return, so `page.settled()` sees every failure.
 */
export interface ElementHost {
  /** Runs one handler; returns what it returned (undefined when it threw — the error is kept for `settled()`). */
  fire<T>(label: string, handler: () => T): T | undefined;
  /** Records a failure that is not an exception of a handler (e.g. a misuse the browser would only log). */
  fail(label: string, error: Error): void;
  /** The form submission the browser sends to Wix, as the page's caller. */
  submitForm(input: FormSubmitInput): Promise<{ readonly submissionId: string; readonly contactId: string }>;
  /** The page's `$w`, passed as the second argument of element event handlers (Velo's `(event, $w)`). */
  readonly $w: unknown;
}

/** The input of `site.forms.submit` (src/forms/forms.ts). */
export interface FormSubmitInput {
  readonly generation: 'wixForms' | 'wixFormsV2';
  readonly formName: string;
  readonly fields: Record<string, unknown>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A test's read-only look at an element (a snapshot; call `page.element()` again after acting). */
export interface ElementView {
  readonly id: string;
  readonly type: ElementType;
  readonly hidden: boolean;
  readonly collapsed: boolean;
  readonly text?: string;
  readonly html?: string;
  readonly label?: string;
  readonly enabled?: boolean;
  readonly value?: string;
  readonly fieldValues?: Record<string, unknown>;
}

export type ElementType = 'Text' | 'Button' | 'TextInput' | 'WixForms' | 'WixFormsV2';

/** How a test declares a page element: its type, or its type plus an initial state. */
export type ElementSpec =
  | ElementType
  | { readonly type: 'Text'; readonly text?: string; readonly hidden?: boolean; readonly collapsed?: boolean }
  | { readonly type: 'Button'; readonly label?: string; readonly enabled?: boolean; readonly hidden?: boolean; readonly collapsed?: boolean }
  | { readonly type: 'TextInput'; readonly value?: string; readonly enabled?: boolean; readonly hidden?: boolean; readonly collapsed?: boolean }
  | {
      readonly type: 'WixForms' | 'WixFormsV2';
      readonly formName?: string;
      /** The form's fields, key → label as the form shows it; an unlisted key is labelled from its words. */
      readonly fields?: Readonly<Record<string, string>>;
      readonly hidden?: boolean;
      readonly collapsed?: boolean;
    };

/** What a visitor's form submission ended in. */
export type FormOutcome =
  | { readonly status: 'submitted'; readonly submissionId: string; readonly contactId: string }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly code: SubmissionErrorCode };

/** The error codes the Velo docs list for a failed WixFormsV2 submission; the emulator uses them for both generations. */
export type SubmissionErrorCode = 'INVALID_CAPTCHA' | 'VALIDATION_FAILED' | 'SERVER_UNAVAILABLE' | 'UNKNOWN_ERROR';

/** The element's test-control side: kept out of the object page code gets from `$w`. */
export interface ElementControl {
  /** The object `$w('#id')` returns. */
  readonly api: object;
  view(): ElementView;
  click?(): void;
  input?(value: string): void;
  submit?(values: Record<string, unknown>): Promise<FormOutcome>;
}

/** A visitor cannot act on what they cannot see or use: a test that tries is told so. */
export function assertInteractive(id: string, state: { hidden: boolean; collapsed: boolean; enabled?: boolean }, action: string): void {
  if (state.hidden || state.collapsed) throw new Error(`Cannot ${action} ${id}: the element is ${state.hidden ? 'hidden' : 'collapsed'}.`);
  if (state.enabled === false) throw new Error(`Cannot ${action} ${id}: the element is disabled.`);
}

export function eventFor(type: string, target: object): { type: string; target: object; context: { type: 'GLOBAL_SCOPE' } } {
  return { type, target, context: { type: 'GLOBAL_SCOPE' } };
}
