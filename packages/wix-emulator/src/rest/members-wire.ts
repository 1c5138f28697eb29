import type { Members } from 'wix-members-backend';
import { validationError } from '../kernel/wix-errors';

/**
 * Members v1 on the wire (`@wix/members`): `contact` where the Velo module has `contactDetails`, and fieldsets
 * `PUBLIC` (id, contactId, dates, profile; statuses `UNKNOWN`), `EXTENDED` (+ loginEmail and the statuses) and `FULL` (everything). With no
 * fieldset asked for, the emulator answers `PUBLIC` (the stricter reading of the docs).
 */
export type SdkFieldset = 'PUBLIC' | 'EXTENDED' | 'FULL';

export function fieldsetsOf(value: unknown): Set<SdkFieldset> {
  if (value === undefined) return new Set(['PUBLIC']);
  const list = Array.isArray(value) ? value : [value];
  for (const [i, f] of list.entries()) {
    if (f !== 'PUBLIC' && f !== 'EXTENDED' && f !== 'FULL') throw validationError(`fieldsets[${i}]`, 'must be PUBLIC, EXTENDED or FULL');
  }
  return new Set(list as SdkFieldset[]);
}

/** From the emulator's FULL Velo member to the v1 member the fieldsets allow (site-code key names; toWire renames). */
export function toV1Member(member: Members.Member, fieldsets: Set<SdkFieldset>): Record<string, unknown> {
  // `@wix/members` `Set.PUBLIC`: "id, contactId, createdDate, updatedDate and the profile object. status,
  // privacyStatus, and activityStatus are returned as UNKNOWN."
  const publicPart = {
    _id: member._id,
    contactId: member.contactId,
    _createdDate: member._createdDate,
    _updatedDate: member._updatedDate,
    profile: member.profile,
  };
  if (!fieldsets.has('EXTENDED') && !fieldsets.has('FULL')) {
    return { ...publicPart, status: 'UNKNOWN', privacyStatus: 'UNKNOWN', activityStatus: 'UNKNOWN' };
  }
  const extended = {
    ...publicPart,
    loginEmail: member.loginEmail,
    status: member.status,
    privacyStatus: member.privacyStatus,
    activityStatus: member.activityStatus,
  };
  if (!fieldsets.has('FULL')) return extended;
  const details = member.contactDetails;
  return {
    ...extended,
    ...(member.lastLoginDate ? { lastLoginDate: member.lastLoginDate } : {}),
    // The v1 member's `contact` (`@wix/members` `Contact`): names, lists, and the scalars the contact has.
    contact: {
      ...(details?.firstName ? { firstName: details.firstName } : {}),
      ...(details?.lastName ? { lastName: details.lastName } : {}),
      emails: details?.emails ?? [],
      phones: details?.phones ?? [],
      addresses: details?.addresses ?? [],
      ...(details?.company ? { company: details.company } : {}),
      ...(details?.jobTitle ? { jobTitle: details.jobTitle } : {}),
      ...(details?.birthdate ? { birthdate: details.birthdate } : {}),
      customFields: {},
    },
  };
}
