import { elevate } from 'wix-auth';
import { contacts } from 'wix-crm-backend';
import { currentContext } from '../src/kernel/caller';
import { runOnPage } from '../src/kernel/rpc';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

/** An admin-level emulated operation, as every admin API is declared. */
function adminOperation(label: string): Promise<string> {
  return site.kernel.operate('test.adminOperation', [label], { access: 'admin', errorStyle: 'v2' }, (context) => `${label}:${context.caller.kind}`);
}

describe('elevate (wix-auth)', () => {
  it('lets a visitor-run function call an admin-only operation it is otherwise refused', async () => {
    await expect(site.as(callers.visitor(), () => adminOperation('plain'))).rejects.toMatchObject({
      status: 403,
      details: { applicationError: { code: 'FORBIDDEN' } },
    });

    await expect(site.as(callers.visitor(), () => elevate(adminOperation)('elevated'))).resolves.toBe('elevated:visitor');
  });

  it('elevates a real admin API: a visitor reads a contact through elevate(contacts.getContact)', async () => {
    const { _id } = site.contacts.seedContact({ name: { first: 'Ann' }, emails: [{ email: 'ann@example.com' }] });

    await expect(site.as(callers.visitor(), () => contacts.getContact(_id))).rejects.toMatchObject({ status: 403 });
    await expect(site.as(callers.visitor(), () => elevate(contacts.getContact)(_id))).resolves.toMatchObject({ _id });
  });

  it('keeps the caller: the journal shows the visitor, marked elevated', async () => {
    await site.as(callers.visitor('v-3'), () => elevate(adminOperation)('x'));

    expect(site.journal.entries('test.adminOperation')).toEqual([
      expect.objectContaining({ caller: callers.visitor('v-3'), elevated: true, outcome: 'ok' }),
    ]);
  });

  it('covers everything the function awaits, and nothing after it returns', async () => {
    const seen = await site.as(callers.member('m-1'), async () => {
      const inside = await elevate(async () => {
        await Promise.resolve();
        return currentContext().elevated;
      })();
      return { inside, after: currentContext().elevated };
    });

    expect(seen).toEqual({ inside: true, after: false });
  });

  it('returns a function with the same arguments, result and this', async () => {
    const counter = {
      base: 10,
      add(this: { base: number }, a: number, b: number) {
        return this.base + a + b;
      },
    };
    const add = elevate(counter.add);

    expect(site.as(callers.visitor(), () => add.call(counter, 1, 2))).toBe(13);
  });

  it('refuses to run from page code (backend only)', () => {
    const elevated = elevate(() => 'ran');

    expect(() => site.as(callers.visitor(), () => runOnPage({}, () => elevated()))).toThrow(/backend code only/);
  });

  it('needs a caller, like every emulated call', () => {
    expect(() => elevate(() => 1)()).toThrow(/No caller/);
  });
});
