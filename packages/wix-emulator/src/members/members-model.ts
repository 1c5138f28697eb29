import type { CurrentMember, Members } from 'wix-members-backend';
import type { ContactView } from '../contacts/contacts-model';
import { validationError } from '../kernel/wix-errors';

/** A role a member holds (wix-members-backend `CurrentMember.Role`), dates as ISO strings. */
export interface RoleRecord {
  _id: string;
  title: string;
  description?: string;
  color: string;
  _createdDate: string;
}

/** A site member as stored. Contact details are not copied: they are read from the member's contact on each call. */
export interface MemberRecord {
  _id: string;
  contactId: string;
  loginEmail: string;
  status: 'PENDING' | 'APPROVED' | 'OFFLINE' | 'BLOCKED';
  privacyStatus: 'PUBLIC' | 'PRIVATE';
  activityStatus: 'ACTIVE' | 'MUTED';
  _createdDate: string;
  _updatedDate: string;
  lastLoginDate?: string;
  profile: { nickname: string; slug: string };
  roles: RoleRecord[];
}

export type Fieldset = 'PUBLIC' | 'FULL';

/** The admin role Wix adds for the site owner / admin contributors (id, title and colour from the WCD getRoles example). */
export const ADMIN_ROLE: CurrentMember.Role = { _id: '00000000-0000-0000-0000-000000000001', title: 'Admin', color: 'DARK_BLUE' };

/** `{ fieldsets }` as documented: `PUBLIC` (the default) or `FULL`; anything else is refused. */
export function fieldsetsOf(options: Members.FieldsetOptions | undefined): Set<Fieldset> {
  const requested = options?.fieldsets ?? ['PUBLIC'];
  if (!Array.isArray(requested) || requested.length === 0) {
    throw validationError('options.fieldsets', 'must be a non-empty array of "PUBLIC" or "FULL"');
  }
  for (const [i, value] of requested.entries()) {
    if (value !== 'PUBLIC' && value !== 'FULL') {
      throw validationError(`options.fieldsets[${i}]`, 'must be "PUBLIC" or "FULL"');
    }
  }
  return new Set(requested as Fieldset[]);
}

/**
 * The member as wix-members-backend returns it. `PUBLIC` is `_id` plus `profile`, with the three statuses reported
 * as `UNKNOWN` (corvid-types `FieldsetOptions` doc) — no contactId, no loginEmail, no dates. corvid-types marks those
 * fields required on `Member`, hence the cast for the PUBLIC shape.
 */
export function toVeloMember(record: MemberRecord, contact: ContactView | undefined, fieldsets: Set<Fieldset>): Members.Member {
  const copy = structuredClone(record);
  if (!fieldsets.has('FULL')) {
    const publicMember = {
      _id: copy._id,
      status: 'UNKNOWN',
      privacyStatus: 'UNKNOWN',
      activityStatus: 'UNKNOWN',
      profile: copy.profile,
    };
    return publicMember as Members.Member;
  }
  const info = contact?.info;
  return {
    _id: copy._id,
    loginEmail: copy.loginEmail,
    status: copy.status,
    contactId: copy.contactId,
    privacyStatus: copy.privacyStatus,
    activityStatus: copy.activityStatus,
    _createdDate: new Date(copy._createdDate),
    _updatedDate: new Date(copy._updatedDate),
    ...(copy.lastLoginDate ? { lastLoginDate: new Date(copy.lastLoginDate) } : {}),
    contactDetails: {
      ...(info?.name?.first ? { firstName: info.name.first } : {}),
      ...(info?.name?.last ? { lastName: info.name.last } : {}),
      phones: (info?.phones ?? []).map((p) => p.phone),
      emails: (info?.emails ?? []).map((e) => e.email),
      addresses: [],
      ...(info?.company ? { company: info.company } : {}),
      ...(info?.jobTitle ? { jobTitle: info.jobTitle } : {}),
      ...(info?.birthdate ? { birthdate: info.birthdate } : {}),
      customFields: {},
    },
    profile: copy.profile,
  };
}

export function toVeloRole(role: RoleRecord): CurrentMember.Role {
  return {
    _id: role._id,
    title: role.title,
    ...(role.description !== undefined ? { description: role.description } : {}),
    color: role.color,
    _createdDate: new Date(role._createdDate),
  };
}

/**
 * A row of the `Members/PrivateMembersData` app collection, with the field keys of the WCD field guide (note
 * `lastLogin`, not `lastLoginDate`). No `contactId`: the guide lists none, so site code must not rely on one.
 */
export function privateMembersDataRow(record: MemberRecord, contact: ContactView | undefined): Record<string, unknown> {
  const first = contact?.info.name?.first;
  const last = contact?.info.name?.last;
  const phones = (contact?.info.phones ?? []).map((p) => p.phone);
  return {
    _id: record._id,
    loginEmail: record.loginEmail,
    name: [first, last].filter(Boolean).join(' '),
    ...(first ? { firstName: first } : {}),
    ...(last ? { lastName: last } : {}),
    nickname: record.profile.nickname,
    slug: record.profile.slug,
    ...(contact?.info.picture.image ? { picture: contact.info.picture.image } : {}),
    emails: (contact?.info.emails ?? []).map((e) => e.email),
    phones,
    ...(phones[0] !== undefined ? { mainPhone: phones[0] } : {}),
    _createdDate: new Date(record._createdDate),
    _updatedDate: new Date(record._updatedDate),
    ...(record.lastLoginDate ? { lastLogin: new Date(record.lastLoginDate) } : {}),
  };
}

/** Wix derives the slug from the email prefix and keeps it unique across the site. */
export function uniqueSlug(email: string, taken: (slug: string) => boolean): string {
  const base = (email.split('@')[0] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '') || 'member';
  let slug = base;
  for (let n = 1; taken(slug); n += 1) slug = `${base}${n}`;
  return slug;
}
