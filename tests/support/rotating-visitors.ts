import { beforeEach } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from './emulator';
import { startSiteWithCode } from './site-with-code';

/** A fresh site per test, and page code asking for acknowledgements, each from a visitor ID never used before. */
export interface RotatingVisitors {
  /** This test's site (a new one per test). */
  readonly site: Site;
  /**
   * The contact form's acknowledgement to `email`, asked by a new visitor, as a script rotating sessions sends it: what
   * limits it is the per-recipient limit, never the per-visitor one.
   */
  acknowledgeFromNewVisitor(email: string): ReturnType<typeof sendToParticipant>;
}

/**
 * Registers a `beforeEach` that starts a site with this project's code; the returned fixture reads that test's site,
 * so `acknowledgeFromNewVisitor` may be destructured once at the top of a file.
 */
export function rotatingVisitorsPerTest(): RotatingVisitors {
  let current: Site | undefined;
  let visitors = 0;
  beforeEach(() => {
    current = startSiteWithCode();
  });
  const now = () => {
    if (!current) throw new Error('rotatingVisitorsPerTest: the fixture is read only inside a test (its site starts in beforeEach)');
    return current;
  };
  return {
    get site() {
      return now();
    },
    acknowledgeFromNewVisitor: (email) => {
      visitors += 1;
      return now().as(callers.visitor(`v-rotated-${visitors}`), () => sendToParticipant({ email }, { template: 'form-received' }));
    },
  };
}
