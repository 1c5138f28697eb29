import { z } from 'zod';

/**
 * What a site's `src/backend/inbox.config.js` may say. Every key has a default, so a file that leaves a key out — or
 * was written before velo-inbox added it — runs with the default. Unknown keys are refused: a misspelt switch would
 * otherwise be silently ignored.
 */

const MINUTES_IN_30_DAYS = 30 * 24 * 60;

const minutes = (max: number) => z.number().int().min(0).max(max);
const rule = (defaults: { count: number; windowMinutes: number }) =>
  z
    .strictObject({ count: z.number().int().min(1).max(100_000), windowMinutes: minutes(MINUTES_IN_30_DAYS).min(1) })
    .partial()
    .prefault({})
    .transform((r) => ({ count: r.count ?? defaults.count, windowMinutes: r.windowMinutes ?? defaults.windowMinutes }));

/** A template's name: the key sends use (`{ template: 'welcome' }`) and the `key` column of InboxTemplates rows. */
export const TEMPLATE_KEY = /^[a-z][a-z0-9-]{0,39}$/;

const templateSettings = z.strictObject({
  /** false: sends of this template answer `skipped` (`switched-off`). */
  enabled: z.boolean().optional(),
  /** Send this many minutes after the trigger (through the outbox: the hourly job sends it once it is due). */
  delayMinutes: minutes(MINUTES_IN_30_DAYS).optional(),
  title: z.string().max(256).optional(),
  textLines: z.array(z.string().max(512)).max(10).optional(),
  /** Only for a template the site adds: its variable names (plain words are filled in, anything else leaves its segment out). */
  vars: z.array(z.string().regex(/^\w{1,40}$/)).max(10).optional(),
  frequency: z.enum(['every-time', 'once-per-participant', 'once-per-24h']).optional(),
  callableBy: z.array(z.enum(['member', 'visitor'])).optional(),
});

export type TemplateSettings = z.infer<typeof templateSettings>;

export const inboxConfigSchema = z.strictObject({
  automatic: z
    .strictObject({
      welcomeOnSignUp: z.boolean().default(true),
      formRecord: z.boolean().default(true),
      loginGreeting: z.boolean().default(true),
      autoAcknowledgement: z.boolean().default(false),
    })
    .prefault({}),
  templates: z.record(z.string().regex(TEMPLATE_KEY, { error: 'must be lowercase letters, digits and hyphens (at most 40)' }), templateSettings).default({}),
  visitorLimits: z
    .strictObject({
      perVisitor: rule({ count: 5, windowMinutes: 60 }),
      allVisitors: rule({ count: 200, windowMinutes: 60 }),
      perRecipient: rule({ count: 5, windowMinutes: 24 * 60 }),
      doubleSubmitMinutes: minutes(24 * 60).default(10),
    })
    .prefault({}),
  retention: z
    .strictObject({
      // Finished messages serve replays (24 h) and the owner panel; delivery records must outlive every attempt.
      finishedMessagesDays: z.number().int().min(2).max(3650).default(30),
      deliveryRecordsDays: z.number().int().min(2).max(3650).default(7),
    })
    .prefault({}),
  ownerWording: z.strictObject({ cacheSeconds: z.number().int().min(0).max(3600).default(60) }).prefault({}),
  adminUserIds: z.array(z.string().min(1).max(100)).default([]),
});

/** What a site writes (every key optional). */
export type InboxConfigInput = z.input<typeof inboxConfigSchema>;
export type ParsedInboxConfig = z.output<typeof inboxConfigSchema>;

/** `templates.welcome.delayMinutes: must be a whole number` — the key and the rule, never the value. */
export function describeIssue(issue: z.core.$ZodIssue): { key: string; rule: string } {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return { key: [path, issue.keys[0]].filter(Boolean).join('.'), rule: 'is not a setting velo-inbox knows (check its spelling)' };
    case 'invalid_type':
      return { key: path || '(the file)', rule: issue.expected === 'int' ? 'must be a whole number' : `must be ${article(issue.expected)}` };
    case 'too_small':
      return { key: path, rule: issue.origin === 'array' || issue.origin === 'string' ? `must have at least ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}` };
    case 'too_big':
      return { key: path, rule: issue.origin === 'array' ? `may have at most ${String(issue.maximum)} entries` : issue.origin === 'string' ? `may be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}` };
    case 'invalid_value':
      return { key: path, rule: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'invalid_key':
      return { key: path, rule: 'has a template name that is not lowercase letters, digits and hyphens (at most 40)' };
    default:
      return { key: path, rule: issue.message };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
