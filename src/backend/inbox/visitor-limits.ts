/** A sliding-window limit: at most `count` in any span of `windowMs`. */
export interface RateRule {
  readonly count: number;
  readonly windowMs: number;
}

/** What anonymous visitors may make the site send, and how often. */
export interface VisitorLimits {
  /** Acknowledgements one visitor (one visitor ID) may trigger: a few honest submissions, too few to spam with. */
  readonly perVisitor: RateRule;
  /**
   * All visitors together. Visitor IDs are cheap to renew (a new browser session), so the per-visitor limit alone
   * would not stop a script from making the site message arbitrary addresses.
   */
  readonly allVisitors: RateRule;
  /**
   * Acknowledgements one person may receive, whoever triggers them (the resolved member or contact; the email for
   * somebody the site does not know yet): rotating visitor IDs cannot flood one inbox.
   */
  readonly perRecipient: RateRule;
  /** The same visitor sending the same acknowledgement again within this time of the first gets it once. */
  readonly doubleSubmitMs: number;
}

const HOUR = 60 * 60 * 1000;

export const DEFAULT_VISITOR_LIMITS: VisitorLimits = {
  perVisitor: { count: 5, windowMs: HOUR },
  allVisitors: { count: 200, windowMs: HOUR },
  perRecipient: { count: 5, windowMs: 24 * HOUR },
  doubleSubmitMs: 10 * 60 * 1000,
};
