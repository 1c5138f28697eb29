import { useSite } from '../../emulator/kernel/active-site';
import type { Caller } from '../../emulator/kernel/caller';
import { createSite, type Site, type SiteOptions } from '../../emulator/site';

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
