// tsc would not otherwise see this page-side declaration from the emulator's program; the shape check below needs it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient script declaration has no import form
/// <reference path="../velo/wix-forms-v2.d.ts" />
import { labelOf } from '../forms/forms';
import { Displayable, type DisplayState } from './displayable';
import {
  assertInteractive,
  eventFor,
  type ElementControl,
  type ElementHost,
  type FormOutcome,
  type SubmissionErrorCode,
} from './element-host';

/**
 * The two Wix Forms generations. Each API works only with its own element (reference §7): `WixForms` has
 * onWixFormSubmit / onWixFormSubmitted / onWixFormSubmittedError, `WixFormsV2` has onSubmit / onSubmitSuccess /
 * onSubmitFailure / getFieldValues / submit. A submission goes to `site.forms.submit` as the page's caller.
 */

type FormState = DisplayState;

/** Wix's server-side failure, as the form reports it: validation (400) or unavailability (429/5xx) or unknown. */
export function submissionErrorCode(error: unknown): SubmissionErrorCode {
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 400) return 'VALIDATION_FAILED';
  if (typeof status === 'number' && (status === 429 || status >= 500)) return 'SERVER_UNAVAILABLE';
  return 'UNKNOWN_ERROR';
}

const MESSAGES: Record<SubmissionErrorCode, string> = {
  INVALID_CAPTCHA: 'The CAPTCHA was not verified.',
  VALIDATION_FAILED: 'The form field values are invalid.',
  SERVER_UNAVAILABLE: 'The server is currently unavailable.',
  UNKNOWN_ERROR: 'An unknown error occurred.',
};

// ---- old Wix Forms ---------------------------------------------------------------------------------------------------

interface WixFormField {
  id: string;
  fieldName: string;
  fieldValue: unknown;
}
interface WixFormsState extends FormState {
  readonly submit: $w.WixForms.WixFormSubmitEventHandler[];
  readonly submitted: $w.WixForms.WixFormSubmittedEventHandler[];
  readonly submittedError: $w.WixForms.WixFormSubmittedErrorEventHandler[];
}

/**
 * An old-forms event. Cast to the corvid-types event: its `target` is the emulated element (not a full `$w.Element`)
 * and its context carries no `itemId` (there are no repeaters here).
 */
function formEvent<E>(type: string, api: object, extra: Record<string, unknown>): E {
  return { ...eventFor(type, api), ...extra } as unknown as E;
}

class WixFormsElement extends Displayable {
  readonly type = '$w.WixForms';
  readonly #state: WixFormsState;

  constructor(id: string, state: WixFormsState) {
    super(id, state);
    this.#state = state;
  }

  /** Synchronous only: returning `false` cancels the submission. */
  onWixFormSubmit(handler: $w.WixForms.WixFormSubmitEventHandler): void {
    this.#state.submit.push(handler);
  }

  onWixFormSubmitted(handler: $w.WixForms.WixFormSubmittedEventHandler): void {
    this.#state.submitted.push(handler);
  }

  onWixFormSubmittedError(handler: $w.WixForms.WixFormSubmittedErrorEventHandler): void {
    this.#state.submittedError.push(handler);
  }
}

const _oldShape: Pick<$w.WixForms, 'onWixFormSubmit' | 'onWixFormSubmitted' | 'onWixFormSubmittedError' | 'hidden' | 'collapsed' | 'show' | 'hide'> =
  {} as WixFormsElement;
void _oldShape;

/** How a form element is declared: its name, its field labels (key → label) and its initial state. */
interface FormSpec {
  readonly formName?: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly hidden?: boolean;
  readonly collapsed?: boolean;
}

export function createWixForms(id: string, host: ElementHost, initial: FormSpec): ElementControl {
  const state: WixFormsState = {
    hidden: initial.hidden ?? false,
    collapsed: initial.collapsed ?? false,
    submit: [],
    submitted: [],
    submittedError: [],
  };
  const api = new WixFormsElement(id, state);
  const formName = initial.formName ?? id;
  const labels = { ...initial.fields };
  const selector = `#${id}`;

  /** A visitor fills in the fields and clicks the form's submit button. */
  async function submit(values: Record<string, unknown>): Promise<FormOutcome> {
    assertInteractive(selector, state, 'submit');
    // Page code sees each field's ID and its label (`fieldName`), as on Wix.
    const fields: WixFormField[] = Object.entries(values).map(([key, fieldValue]) => ({ id: key, fieldName: labelOf({ labels }, key), fieldValue }));
    const event = <E>(type: string) => formEvent<E>(type, api, { wixFormFields: structuredClone(fields) });

    let cancelled = false;
    for (const handler of state.submit) {
      const verdict: unknown = host.fire(`${selector} onWixFormSubmit`, () => handler(event('wixFormSubmit')));
      if (verdict === false) cancelled = true;
      if (typeof (verdict as { then?: unknown } | undefined)?.then === 'function') {
        // Wix reads the return value synchronously: an async validator can never cancel, whatever it resolves to.
        host.fail(`${selector} onWixFormSubmit`, new Error('onWixFormSubmit handlers must be synchronous: a returned Promise cannot cancel the submission.'));
      }
    }
    if (cancelled) return { status: 'cancelled' };

    try {
      const { submissionId, contactId } = await host.submitForm({ generation: 'wixForms', formName, fields: { ...values }, ...(initial.fields ? { labels } : {}) });
      for (const handler of state.submitted) host.fire(`${selector} onWixFormSubmitted`, () => handler(event('wixFormSubmitted')));
      return { status: 'submitted', submissionId, contactId };
    } catch (error) {
      const code = submissionErrorCode(error);
      const errorEvent = formEvent<$w.WixForms.WixFormSubmittedErrorEvent>('wixFormSubmittedError', api, { code, message: MESSAGES[code] });
      for (const handler of state.submittedError) host.fire(`${selector} onWixFormSubmittedError`, () => handler(errorEvent));
      return { status: 'failed', code };
    }
  }

  return { api, submit, view: () => ({ id, type: 'WixForms', hidden: state.hidden, collapsed: state.collapsed }) };
}

// ---- new Wix Forms (WixFormsV2) ------------------------------------------------------------------------------------

type FormValues = $w.WixFormsV2.FormValues;
interface WixFormsV2State extends FormState {
  values: FormValues;
  readonly change: $w.WixFormsV2.OnFieldValueChangeCallback[];
  readonly submit: $w.WixFormsV2.OnSubmitCallback[];
  readonly success: $w.WixFormsV2.OnSubmitSuccessCallback[];
  readonly failure: $w.WixFormsV2.OnSubmitFailureCallback[];
}

/** The rejection of `submit()` and the argument of `onSubmitFailure`: an Error carrying the documented code. */
class SubmissionError extends Error {
  constructor(readonly code: SubmissionErrorCode) {
    super(MESSAGES[code]);
    this.name = 'SubmissionError';
  }
}

class WixFormsV2Element extends Displayable {
  readonly type = '$w.WixFormsV2';
  readonly #state: WixFormsV2State;
  readonly #host: ElementHost;
  readonly #send: (values: FormValues) => Promise<unknown>;

  constructor(id: string, state: WixFormsV2State, host: ElementHost, send: (values: FormValues) => Promise<unknown>) {
    super(id, state);
    this.#state = state;
    this.#host = host;
    this.#send = send;
  }

  getFieldValues(): FormValues {
    return structuredClone(this.#state.values);
  }

  setFieldValues(values: FormValues): void {
    this.#state.values = { ...this.#state.values, ...structuredClone(values) };
    for (const callback of this.#state.change) {
      this.#host.fire(`#${this.id} onFieldValueChange`, () => callback(this.getFieldValues()));
    }
  }

  onFieldValueChange(callback: $w.WixFormsV2.OnFieldValueChangeCallback): void {
    this.#state.change.push(callback);
  }

  onSubmit(callback: $w.WixFormsV2.OnSubmitCallback): void {
    this.#state.submit.push(callback);
  }

  onSubmitSuccess(callback: $w.WixFormsV2.OnSubmitSuccessCallback): void {
    this.#state.success.push(callback);
  }

  onSubmitFailure(callback: $w.WixFormsV2.OnSubmitFailureCallback): void {
    this.#state.failure.push(callback);
  }

  /**
   * The documented order: onSubmit → send → onSubmitSuccess, then the fields reset, then resolve with the values; or
   * onSubmitFailure, then reject. onSubmit cannot cancel (its callback returns void) and is not awaited.
   */
  async submit(): Promise<FormValues> {
    const selector = `#${this.id}`;
    const values = this.getFieldValues();
    for (const callback of this.#state.submit) this.#host.fire(`${selector} onSubmit`, () => callback(structuredClone(values)));
    try {
      await this.#send(structuredClone(values));
    } catch (cause) {
      const error = new SubmissionError(submissionErrorCode(cause));
      for (const callback of this.#state.failure) this.#host.fire(`${selector} onSubmitFailure`, () => callback(error));
      throw error;
    }
    for (const callback of this.#state.success) this.#host.fire(`${selector} onSubmitSuccess`, () => callback());
    this.#state.values = {};
    return values;
  }
}

type V2Api = 'getFieldValues' | 'setFieldValues' | 'onFieldValueChange' | 'onSubmit' | 'onSubmitSuccess' | 'onSubmitFailure' | 'submit';
const _shape: Pick<$w.WixFormsV2, V2Api | 'hidden' | 'collapsed' | 'show' | 'hide' | 'id'> = {} as WixFormsV2Element;
void _shape;

export function createWixFormsV2(id: string, host: ElementHost, initial: FormSpec): ElementControl {
  const state: WixFormsV2State = {
    hidden: initial.hidden ?? false,
    collapsed: initial.collapsed ?? false,
    values: {},
    change: [],
    submit: [],
    success: [],
    failure: [],
  };
  const formName = initial.formName ?? id;
  const labels = { ...initial.fields };
  // The ids of the last submission stay on the control side, for the test; page code only sees the values.
  let last: { submissionId: string; contactId: string } | undefined;
  const send = async (fields: FormValues) => {
    last = await host.submitForm({ generation: 'wixFormsV2', formName, fields, ...(initial.fields ? { labels } : {}) });
  };
  // A function, so the compiler does not narrow `last` to its pre-submit value across the awaited call.
  const lastSubmission = () => last;
  const api = new WixFormsV2Element(id, state, host, send);

  /** A visitor fills in the fields and clicks the form's submit button; the page sees it through its handlers. */
  async function submit(values: Record<string, unknown>): Promise<FormOutcome> {
    assertInteractive(`#${id}`, state, 'submit');
    api.setFieldValues(values);
    last = undefined;
    try {
      await api.submit();
    } catch (error) {
      if (error instanceof SubmissionError) return { status: 'failed', code: error.code };
      throw error;
    }
    const submitted = lastSubmission();
    if (!submitted) throw new Error(`#${id}: the submission resolved without reaching the forms service`);
    return { status: 'submitted', ...submitted };
  }

  return {
    api,
    submit,
    view: () => ({ id, type: 'WixFormsV2', hidden: state.hidden, collapsed: state.collapsed, fieldValues: structuredClone(state.values) }),
  };
}
