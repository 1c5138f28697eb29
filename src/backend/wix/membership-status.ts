/**
 * Whether a contact's `members.membershipStatus` system field (values `APPROVED`, `DENIED`, `PENDING`, `INACTIVE`:
 * wix-code-docs wix-crm-backend Contacts "Sort, Filter, and Search") says the contact is a site member's. Only
 * `APPROVED` does: a `PENDING` member still awaits approval, a `DENIED` request was refused, an `INACTIVE` membership
 * ended. Those contacts stay reachable by contact ID; should one become a member later, Wix merges the contact's
 * conversation into the member's (the conversation-ID rules), so nothing sent meanwhile is lost — whereas treating them
 * as members would refuse every message to them while no member record answers for them.
 * (docs/decisions/0019-wix-fidelity-review.md)
 */
export function isApprovedMembership(status: unknown): boolean {
  return status === 'APPROVED';
}
