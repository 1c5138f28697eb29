/**
 * Helpers for tests that run site code on the emulator: a fresh active site per test, the callers Wix establishes
 * from a session, and people seeded through the test controls. Nothing here depends on a test runner.
 */
import { useSite } from '../kernel/active-site';
import type { Caller } from '../kernel/caller';
import { createSite, type Site, type SiteOptions } from '../site';

export { registerMember, seedContact, seedMember } from './people';
export type { ContactSeed, MemberSeed } from './people';

/**
 * The read lag the reliability and chaos suites run with: Wix Data reads without `consistentRead` may miss writes of
 * "typically a few seconds" (dev.wix.com/api/sdk/data/eventual-consistency). Any decisive read that forgot the option
 * gives a wrong answer in those suites.
 */
export const WIX_READ_LAG_MS = 3_000;

/** A fresh emulated site, made active for the Velo shims. Call in `beforeEach`. */
export function startSite(options: SiteOptions = {}): Site {
  const site = createSite(options);
  useSite(site);
  return site;
}

/** Callers as Wix establishes them from the session; IDs are fixed so failures read the same every run. */
export const callers = {
  admin: (): Caller => ({ kind: 'admin', visitorId: 'visitor-admin', userId: 'owner-user-1' }),
  visitor: (visitorId = 'visitor-1'): Caller => ({ kind: 'visitor', visitorId }),
  member: (memberId: string, visitorId = `visitor-of-${memberId}`): Caller => ({ kind: 'member', visitorId, memberId }),
  eventHandler: (): Caller => ({ kind: 'system', reason: 'event' }),
  job: (): Caller => ({ kind: 'system', reason: 'job' }),
};
