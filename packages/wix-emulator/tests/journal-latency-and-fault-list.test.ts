import { contacts } from 'wix-crm-backend';
import { controlsFor, type Site } from '../src';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const getContact = (id: string) => site.as(callers.admin(), () => contacts.getContact(id));
const newContact = (email: string) => controlsFor(site).seed.contact({ emails: [{ email }] });

describe('journal latency', () => {
  it('records the emulated time each call took: the injected latency', async () => {
    const contact = newContact('lat@example.com');
    site.kernel.latencyMs = 150;
    await getContact(contact._id);
    site.kernel.latencyMs = 0;
    await getContact(contact._id);
    expect(site.journal.entries('contacts.getContact').map((e) => e.latencyMs)).toEqual([150, 0]);
  });

  it('records the latency of a failed call too', async () => {
    site.kernel.latencyMs = 40;
    site.faults.inject('contacts.getContact', { status: 500 });
    await expect(getContact('0e0e0e0e-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 500 });
    expect(site.journal.entries('contacts.getContact')).toEqual([expect.objectContaining({ outcome: 'error', latencyMs: 40 })]);
  });
});

describe('fault list and removal', () => {
  it('lists injected faults with their ID, operation, spec and remaining uses, oldest first', () => {
    const first = site.faults.inject('inbox.sendMessage', { status: 429, retryAfterSeconds: 2, times: 3 });
    const second = site.faults.inject('*', { probability: 0.1 });
    expect(site.faults.list()).toEqual([
      { id: first, operation: 'inbox.sendMessage', spec: { status: 429, retryAfterSeconds: 2, times: 3 }, remaining: 3 },
      { id: second, operation: '*', spec: { probability: 0.1 }, remaining: Number.POSITIVE_INFINITY },
    ]);
  });

  it('drops a fault from the list once it is used up', async () => {
    const contact = newContact('once@example.com');
    site.faults.inject('contacts.getContact');
    await expect(getContact(contact._id)).rejects.toMatchObject({ status: 503 });
    expect(site.faults.list()).toEqual([]);
  });

  it('remove() stops a fault from firing and answers false for an unknown or removed ID', async () => {
    const contact = newContact('removed@example.com');
    const id = site.faults.inject('contacts.getContact', { times: 5 });
    expect(site.faults.remove(id)).toBe(true);
    expect(site.faults.remove(id)).toBe(false);
    expect(site.faults.remove(12345)).toBe(false);
    await expect(getContact(contact._id)).resolves.toMatchObject({ _id: contact._id });
  });

  it('a listed spec is a copy: changing it does not change the fault', async () => {
    const contact = newContact('copy@example.com');
    site.faults.inject('contacts.getContact', { status: 500 });
    (site.faults.list()[0]?.spec as { status?: number }).status = 200;
    await expect(getContact(contact._id)).rejects.toMatchObject({ status: 500 });
  });
});
