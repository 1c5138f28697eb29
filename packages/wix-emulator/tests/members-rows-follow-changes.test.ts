import { contacts } from 'wix-crm-backend';
import { query } from 'wix-data';
import { controlsFor, type Site } from '../src';
import { callers, startSite } from '../src/testing';

// The members service keeps these rows between queries; every change to a member or their contact must show.
const PRIVATE = 'Members/PrivateMembersData';
const FULL = 'Members/FullData';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const asAdmin = <T>(fn: () => T) => site.as(callers.admin(), fn);
const rows = async (collection = PRIVATE) => (await asAdmin(() => query(collection).find())).items;

describe('Members/PrivateMembersData rows between queries', () => {
  it('show a name, email and phone the member later adds to their contact', async () => {
    const ada = site.members.seedMember({ email: 'ada@example.com' });
    expect(await rows()).toEqual([expect.objectContaining({ _id: ada._id, name: '', emails: ['ada@example.com'], phones: [] })]);

    await site.as(callers.member(ada._id), () =>
      contacts.appendOrCreateContact({
        name: { first: 'Ada', last: 'Lovelace' },
        emails: [{ email: 'ada.work@example.com' }],
        phones: [{ phone: '+1 555 0100' }],
      }),
    );

    expect(await rows()).toEqual([
      expect.objectContaining({
        name: 'Ada Lovelace',
        firstName: 'Ada',
        emails: ['ada@example.com', 'ada.work@example.com'],
        phones: ['+1 555 0100'],
        mainPhone: '+1 555 0100',
      }),
    ]);
    expect(await rows(FULL)).toEqual([expect.objectContaining({ firstName: 'Ada', lastName: 'Lovelace', phone: '+1 555 0100' })]);
  });

  it('show the last login, and new members after the existing ones in sign-up order', async () => {
    const ada = site.members.seedMember({ email: 'ada@example.com' });
    expect(await rows()).toHaveLength(1);
    site.clock.advance(60_000);
    await site.members.logIn(ada._id);
    const grace = site.members.seedMember({ email: 'grace@example.com' });
    const alan = site.members.seedMember({ email: 'alan@example.com' });

    const current = await rows();
    expect(current.map((row) => row._id)).toEqual([ada._id, grace._id, alan._id]);
    expect(current[0]?.lastLogin).toEqual(site.clock.now());
  });

  it('follow an import and a reset', async () => {
    const ada = site.members.seedMember({ email: 'ada@example.com', firstName: 'Ada' });
    const state = site.exportState();
    expect(await rows()).toHaveLength(1);

    await controlsFor(site).reset();
    expect(await rows()).toEqual([]);

    site.importState(state);
    expect(await rows()).toEqual([expect.objectContaining({ _id: ada._id, firstName: 'Ada' })]);
  });

  it('are handed out as copies: changing a result row changes neither the next answer nor the inspected rows', async () => {
    site.members.seedMember({ email: 'ada@example.com', firstName: 'Ada' });
    const [first] = await rows();
    if (!first) throw new Error('expected a row');
    first.firstName = 'Changed';
    (first.emails as string[]).push('x@example.com');
    (first._createdDate as Date).setTime(0);

    const [again] = await rows();
    expect(again).toMatchObject({ firstName: 'Ada', emails: ['ada@example.com'] });
    expect((again?._createdDate as Date).getTime()).not.toBe(0);
    expect(controlsFor(site).inspect.collection(PRIVATE)).toEqual([expect.objectContaining({ firstName: 'Ada' })]);
  });

  it('are kept read-only inside the emulator: the shared rows refuse changes', () => {
    site.members.seedMember({ email: 'ada@example.com' });
    const [row] = site.members.privateMembersDataRows();
    expect(Object.isFrozen(row)).toBe(true);
    expect(Object.isFrozen(row?.emails)).toBe(true);
  });
});

describe('sign-up checks without scanning', () => {
  it('refuse a login email already taken in any case, and keep slugs unique after an import', () => {
    site.members.seedMember({ email: 'ada@example.com' });
    expect(() => site.members.seedMember({ email: 'ADA@example.com' })).toThrow(expect.objectContaining({ status: 409 }));

    const restored = startSite({ state: site.exportState() });
    expect(() => restored.members.seedMember({ email: 'Ada@Example.com' })).toThrow(expect.objectContaining({ status: 409 }));
    const other = restored.members.seedMember({ email: 'ada@elsewhere.example' });
    expect(other.profile?.slug).toBe('ada1');
  });
});
