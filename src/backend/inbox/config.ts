import { describeIssue, inboxConfigSchema, type ParsedInboxConfig, type TemplateSettings } from './config-schema';
import { InboxError } from './errors';
import type { EventSettings } from './event-handlers';
import type { MessageContent } from './ports';
import type { RetentionSettings } from './retention';
import { CODE_TEMPLATES, type SiteTemplate, type TemplateSet } from './site-templates';
import { templateProblem } from './template-registry';
import type { VisitorLimits } from './visitor-limits';

/** The site's settings as velo-inbox runs them: the site's file merged over every default, checked. */
export interface InboxConfig {
  readonly automatic: ParsedInboxConfig['automatic'];
  readonly templates: TemplateSet;
  readonly visitorLimits: VisitorLimits;
  readonly retention: RetentionSettings;
  /** How long rows of the InboxTemplates collection are kept in memory before they are read again. */
  readonly ownerWordingCacheMs: number;
  readonly adminUserIds: readonly string[];
}

const MINUTE = 60 * 1000;
/** Most items of each kind housekeeping removes per run: keeps the hourly job short (not a site setting). */
const PURGE_PER_RUN = 200;

/**
 * Reads a site's configuration (what `inbox.config.js` exports by default). Throws CONFIG_INVALID naming the first key
 * that breaks a rule, and the rule — at load, so a wrong setting stops the site's backend from starting rather than
 * sending the wrong thing.
 */
export function loadInboxConfig(input: unknown, source = 'src/backend/inbox.config.js'): InboxConfig {
  const parsed = inboxConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const { key, rule } = first ? describeIssue(first) : { key: '(the file)', rule: 'is not valid' };
    throw new InboxError('CONFIG_INVALID', `velo-inbox: ${source}: ${key} ${rule}.`, { field: key });
  }
  const config = parsed.data;
  const { visitorLimits: limits } = config;
  return {
    automatic: config.automatic,
    templates: siteTemplates(config, source),
    visitorLimits: {
      perVisitor: { count: limits.perVisitor.count, windowMs: limits.perVisitor.windowMinutes * MINUTE },
      allVisitors: { count: limits.allVisitors.count, windowMs: limits.allVisitors.windowMinutes * MINUTE },
      perRecipient: { count: limits.perRecipient.count, windowMs: limits.perRecipient.windowMinutes * MINUTE },
      doubleSubmitMs: limits.doubleSubmitMinutes * MINUTE,
    },
    retention: { finishedIntentsDays: config.retention.finishedMessagesDays, leasesDays: config.retention.deliveryRecordsDays, perRun: PURGE_PER_RUN },
    ownerWordingCacheMs: config.ownerWording.cacheSeconds * 1000,
    adminUserIds: config.adminUserIds,
  };
}

/** The event handlers' switches, from the configuration's `automatic` section. */
export function eventSettings(config: InboxConfig): EventSettings {
  return {
    autoAcknowledge: config.automatic.autoAcknowledgement,
    welcomeOnSignUp: config.automatic.welcomeOnSignUp,
    formRecord: config.automatic.formRecord,
  };
}

/** Which code template each page-triggered automatic message sends: switching the behaviour off switches it off. */
const SENT_BY_PAGES: Readonly<Record<string, keyof ParsedInboxConfig['automatic']>> = { 'welcome-back': 'loginGreeting' };

function siteTemplates(config: ParsedInboxConfig, source: string): TemplateSet {
  const set: Record<string, SiteTemplate> = { ...CODE_TEMPLATES };
  for (const [name, settings] of Object.entries(config.templates)) {
    const field = `templates.${name}`;
    const invalid = (rule: string, key = field) => new InboxError('CONFIG_INVALID', `velo-inbox: ${source}: ${key} ${rule}.`, { field: key });
    const base = Object.prototype.hasOwnProperty.call(CODE_TEMPLATES, name) ? CODE_TEMPLATES[name] : undefined;
    if (base && settings.vars !== undefined) throw invalid('cannot change: the code fills this template’s variables', `${field}.vars`);
    if (!base && settings.title === undefined) throw invalid('needs a title (a template the site adds is a title and optional textLines)', `${field}.title`);
    const template: SiteTemplate = {
      vars: base?.vars ?? settings.vars ?? [],
      frequency: settings.frequency ?? base?.frequency ?? 'every-time',
      callableBy: settings.callableBy ?? base?.callableBy ?? [],
      content: withWording(base?.content, settings),
      enabled: settings.enabled ?? true,
      delayMs: (settings.delayMinutes ?? 0) * MINUTE,
    };
    const problem = templateProblem(template);
    if (problem !== undefined) throw invalid(`breaks a template rule: ${problem}`);
    set[name] = template;
  }
  for (const [name, behaviour] of Object.entries(SENT_BY_PAGES)) {
    const template = set[name];
    if (template && !config.automatic[behaviour]) set[name] = { ...template, enabled: false };
  }
  return set;
}

/** The template's content with the site's title and lines in place of the code's (other fields kept). */
export function withWording(base: MessageContent | undefined, wording: Pick<TemplateSettings, 'title' | 'textLines'>): MessageContent {
  if (base && !('template' in base) && wording.title === undefined && wording.textLines === undefined) return base;
  const payload = base && 'template' in base ? base.template : {};
  return {
    ...(base && 'template' in base ? base : {}),
    template: {
      ...payload,
      ...(wording.title !== undefined ? { title: wording.title } : {}),
      ...(wording.textLines !== undefined ? { textLines: [...wording.textLines] } : {}),
    },
  };
}

export const DEFAULT_CONFIG: InboxConfig = loadInboxConfig({});
