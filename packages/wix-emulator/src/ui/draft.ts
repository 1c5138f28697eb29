/**
 * What a person typed into a form whose action failed — or whose action answers beside the form (a web method's
 * result) — kept so the view shows the form again with their input and the error or answer beside it (never a blank
 * form on another page). `action` is the form's UI path; `key` tells apart forms sharing one action (a reply form per
 * conversation).
 */
export interface Draft {
  readonly action: string;
  readonly key?: string;
  readonly values: Readonly<Record<string, string>>;
  readonly error?: string;
  /** What the action answered, shown beside the form (`Notice.answer`). */
  readonly answer?: string;
}

/** The draft for this form, if the last failure was its own. */
export function draftFor(draft: Draft | undefined, action: string, key?: string): Draft | undefined {
  if (!draft || draft.action !== action) return undefined;
  return key === undefined || draft.key === key ? draft : undefined;
}
