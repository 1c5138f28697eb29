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

/**
 * The most two backend containers' clocks may disagree while every limit still holds: a take counts the rows stamped
 * within its window plus this before its own clock. The price is that much extra on every window as one clock sees it
 * (an hour's limit frees a slot after 61 minutes; a double submit is merged for up to 11). Design:
 * docs/decisions/0005-sliding-window-rate-limits.md.
 */
export const MAX_CLOCK_SKEW_MS = 60 * 1000;

export const DEFAULT_VISITOR_LIMITS: VisitorLimits = {
  perVisitor: { count: 5, windowMs: HOUR },
  allVisitors: { count: 200, windowMs: HOUR },
  perRecipient: { count: 5, windowMs: 24 * HOUR },
  doubleSubmitMs: 10 * 60 * 1000,
};
