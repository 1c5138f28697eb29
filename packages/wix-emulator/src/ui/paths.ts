/**
 * Where the UI lives on the emulator's one server: under its own prefix, beside the Wix REST paths (`/inbox/v2/…`,
 * `/contacts/v4/…`) and the test controls (`/_emulator/…`), never among them.
 */
export const UI_PREFIX = '/_ui';

/** A UI path (`/`, `/inbox`, `/site/chat`) as a URL path on the server; the site view is the prefix itself. */
export function ui(path: string): string {
  return path === '/' ? UI_PREFIX : `${UI_PREFIX}${path}`;
}
