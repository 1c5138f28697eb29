import type { EventSettings } from './inbox/event-handlers';

/** Site-wide switches for the inbox event handlers. Change and publish to apply. */
export const INBOX_SETTINGS: EventSettings = {
  autoAcknowledge: false,
};
