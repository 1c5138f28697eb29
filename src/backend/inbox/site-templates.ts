import type { TemplateDefinition } from './template-registry';
import { TEMPLATES } from './templates';

/** A template as the site runs it: the code's definition with the site's configuration applied. */
export interface SiteTemplate extends TemplateDefinition<string> {
  /** Off: a send of it answers `skipped` (`switched-off`) and writes nothing. */
  readonly enabled: boolean;
  /** Sent this long after the trigger, by the hourly job, through the outbox's due time (0: at once). */
  readonly delayMs: number;
}

export type TemplateSet = Readonly<Record<string, SiteTemplate>>;

/** The code's templates (templates.ts), all on and undelayed: what a site without a configuration runs. */
export const CODE_TEMPLATES: TemplateSet = Object.fromEntries(
  Object.entries(TEMPLATES).map(([name, definition]) => [name, { ...definition, enabled: true, delayMs: 0 }]),
);

/** The named template, or undefined; never a property inherited from Object (`constructor`, `__proto__`). */
export function templateIn(set: TemplateSet, name: unknown): SiteTemplate | undefined {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(set, name) ? set[name] : undefined;
}
