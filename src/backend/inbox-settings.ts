import { DEFAULT_VISITOR_LIMITS, type VisitorLimits } from './inbox/visitor-limits';
import type { EventSettings } from './inbox/event-handlers';

/** Site-wide switches for the inbox event handlers. Change and publish to apply. */
export const INBOX_SETTINGS: EventSettings = {
  autoAcknowledge: false,
};

/** How often anonymous visitors may make the site send its form acknowledgement (RATE_LIMITED past these). */
export const VISITOR_LIMITS: VisitorLimits = DEFAULT_VISITOR_LIMITS;
