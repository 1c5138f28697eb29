/** Picks the submitter's email and name out of a form's fields, whatever the form calls them. */
export interface SubmittedContact {
  readonly email: string;
  readonly name?: string;
}

export function contactFromFields(fields: Readonly<Record<string, unknown>>): SubmittedContact | undefined {
  const entries = Object.entries(fields).map(([key, value]) => [key.toLowerCase().replace(/[^a-z]/g, ''), value] as const);
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const email = entries.map(([key, value]) => (key.includes('email') ? text(value) : '')).find((v) => v.length > 0);
  if (!email) return undefined;
  const first = entries.find(([key]) => key === 'firstname' || key === 'name' || key === 'fullname');
  const name = first ? text(first[1]) : '';
  return name ? { email, name } : { email };
}

/** What the visitor reads after submitting, per outcome code. No personal data, no technical detail. */
export function acknowledgementText(
  outcome: { ok: true; value: { status: string } } | { ok: false; error: { code: string } },
): string {
  if (outcome.ok) {
    // Queued: Wix was busy; the site delivers the confirmation shortly, the visitor need not do anything.
    // Skipped: the site switched its acknowledgement off (inbox.config.js or the owner's CMS row): promise none.
    if (outcome.value.status === 'skipped') return 'Thanks! Your message reached us.';
    return outcome.value.status === 'queued' ? 'Thanks! Your confirmation is on its way.' : 'Thanks! We sent a confirmation to your inbox.';
  }
  switch (outcome.error.code) {
    case 'RATE_LIMITED':
      return 'Thanks! You have sent several messages already; we will be in touch.';
    case 'INVALID_INPUT':
      return 'Thanks! Please check your email address so we can reply.';
    // Wix failed: the acknowledgement may be stored and delivered later, or not (its limit slot could not be
    // confirmed, and the job's retake of it may be refused). A promise here could be broken; a second submit of the
    // same form within ten minutes is the same submit, acknowledged once.
    case 'INBOX_UNAVAILABLE':
      return 'Thanks! Your message reached us. We could not confirm it in your inbox yet; a confirmation may follow.';
    // Anything else (the site is not set up, nobody to send to…) sends nothing: promise none.
    default:
      return 'Thanks! Your message reached us.';
  }
}
