import { UiRequestError, type Form } from 'wix-emulator/ui';

/** Whom a broadcast started from the workbench reaches: everyone with a contact label, or a list of emails. */
export type BroadcastAudience = { readonly label: string } | { readonly emails: readonly string[] };

/** Either a label key or a list of emails (commas, spaces or lines between them), not both. */
export function parseAudience(form: Form): BroadcastAudience {
  const label = form.optional('label').trim();
  const emails = form.optional('emails').split(/[\s,;]+/).filter((e) => e !== '');
  if ((label === '') === (emails.length === 0)) throw new UiRequestError('INVALID_INPUT', 'Give a label or a list of emails (one of the two).');
  return label === '' ? { emails } : { label };
}

/** The form's own broadcast ID (written when the page was rendered), so that a double submission is one broadcast. */
export function parseBroadcastId(value: string): string {
  if (!/^ui-[0-9a-f-]{36}$/.test(value)) throw new UiRequestError('INVALID_INPUT', 'broadcastId is the one the form was rendered with.');
  return value;
}
