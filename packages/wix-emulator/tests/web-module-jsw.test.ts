import { currentContext } from '../src/kernel/caller';
import { exposeJswModule, invokeJsw, jswPermissionAllows, type JswPermissions } from '../src/kernel/rpc';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const inbox = {
  whoAmI: () => currentContext().caller.kind,
  echo: (...args: unknown[]) => args,
  fail: () => {
    throw Object.assign(new Error('Nope'), { code: 'NOPE' });
  },
  notAFunction: 42,
};

const everyone = { siteOwner: { invoke: true }, siteMember: { invoke: true }, anonymous: { invoke: true } };
const ownerOnly = { siteOwner: { invoke: true }, siteMember: { invoke: false }, anonymous: { invoke: false } };
const membersToo = { siteOwner: { invoke: true }, siteMember: { invoke: true }, anonymous: { invoke: false } };

function call(caller: ReturnType<typeof callers.admin>, functionName: string, permissions: JswPermissions, args: unknown[] = []) {
  return site.as(caller, () => invokeJsw(site, { modulePath: 'backend/inbox.jsw', functionName, args, permissions, module: inbox }));
}

describe('invokeJsw applies permissions.json against the session caller', () => {
  it('uses the rule for the exact function: siteOwner, siteMember, anonymous', async () => {
    const permissions: JswPermissions = { 'web-methods': { 'backend/inbox.jsw': { whoAmI: membersToo } } };

    await expect(call(callers.admin(), 'whoAmI', permissions)).resolves.toBe('admin');
    await expect(call(callers.member('m-1'), 'whoAmI', permissions)).resolves.toBe('member');
    await expect(call(callers.visitor(), 'whoAmI', permissions)).rejects.toThrow(/Forbidden/);
  });

  it("falls back to the module's '*' rule when the function has none", async () => {
    const permissions: JswPermissions = { 'web-methods': { 'backend/inbox.jsw': { '*': everyone, echo: ownerOnly } } };

    await expect(call(callers.visitor(), 'whoAmI', permissions)).resolves.toBe('visitor');
    await expect(call(callers.visitor(), 'echo', permissions)).rejects.toThrow(/Forbidden/);
  });

  it("falls back to the site-wide '*' / '*' rule when the module has none", async () => {
    const permissions: JswPermissions = {
      'web-methods': { 'backend/other.jsw': { '*': everyone }, '*': { '*': ownerOnly } },
    };

    await expect(call(callers.admin(), 'whoAmI', permissions)).resolves.toBe('admin');
    await expect(call(callers.member('m-1'), 'whoAmI', permissions)).rejects.toThrow(/Forbidden/);
  });

  it('denies when no rule matches, or the rule has no entry for the caller role (stricter than the editor default)', () => {
    const noRule: JswPermissions = { 'web-methods': { 'backend/other.jsw': { '*': everyone } } };
    const partial: JswPermissions = { 'web-methods': { 'backend/inbox.jsw': { whoAmI: { siteOwner: { invoke: true } } } } };

    expect(jswPermissionAllows({}, 'backend/inbox.jsw', 'whoAmI', callers.admin())).toBe(false);
    expect(jswPermissionAllows(noRule, 'backend/inbox.jsw', 'whoAmI', callers.admin())).toBe(false);
    expect(jswPermissionAllows(partial, 'backend/inbox.jsw', 'whoAmI', callers.admin())).toBe(true);
    expect(jswPermissionAllows(partial, 'backend/inbox.jsw', 'whoAmI', callers.visitor())).toBe(false);
  });

  it('never lets a backend-only caller (event handler, job) invoke a .jsw function', () => {
    const permissions: JswPermissions = { 'web-methods': { '*': { '*': everyone } } };

    expect(jswPermissionAllows(permissions, 'backend/inbox.jsw', 'whoAmI', callers.eventHandler())).toBe(false);
    expect(jswPermissionAllows(permissions, 'backend/inbox.jsw', 'whoAmI', callers.job())).toBe(false);
  });

  it('does not run a forbidden function and rejects with a message-only Error', async () => {
    const spy = jest.fn();
    const error = await site
      .as(callers.visitor(), () =>
        invokeJsw(site, { modulePath: 'backend/inbox.jsw', functionName: 'spy', args: [], permissions: {}, module: { spy } }),
      )
      .catch((e: unknown) => e);

    expect(spy).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(Error);
    expect(Object.keys(error as object)).toEqual([]);
  });
});

describe('invokeJsw crosses the same wire as a web method', () => {
  const open: JswPermissions = { 'web-methods': { 'backend/inbox.jsw': { '*': everyone } } };

  it('sends arguments and the result through JSON', async () => {
    await expect(call(callers.visitor(), 'echo', open, [new Date('2026-01-01T00:00:00.000Z'), { a: undefined }])).resolves.toEqual([
      '2026-01-01T00:00:00.000Z',
      {},
    ]);
  });

  it('strips a thrown error to its message', async () => {
    const error = await call(callers.visitor(), 'fail', open).catch((e: unknown) => e);

    expect(error).toEqual(new Error('Nope'));
    expect((error as { code?: string }).code).toBeUndefined();
  });

  it('records the call in the journal as jsw.<function>', async () => {
    await call(callers.member('m-2'), 'echo', open, [1]);

    expect(site.journal.entries('jsw.echo')).toEqual([
      expect.objectContaining({ caller: callers.member('m-2'), elevated: false, outcome: 'ok', args: [1], result: [1] }),
    ]);
  });

  it('refuses a module path that is not backend/<name>.jsw, and a missing function', async () => {
    await expect(
      site.as(callers.admin(), () => invokeJsw(site, { modulePath: 'inbox.jsw', functionName: 'echo', args: [], permissions: open, module: inbox })),
    ).rejects.toThrow(TypeError);
    await expect(call(callers.admin(), 'notAFunction', open)).rejects.toThrow(/exports no function/);
  });
});

describe('what page code gets from a .jsw import', () => {
  it('exposes each exported function as a permission-checked call and drops non-functions', async () => {
    const exposed = exposeJswModule(site, 'backend/inbox.jsw', inbox, { 'web-methods': { 'backend/inbox.jsw': { whoAmI: ownerOnly } } });

    expect(Object.keys(exposed).sort()).toEqual(['echo', 'fail', 'whoAmI']);
    const whoAmI = exposed.whoAmI as () => Promise<string>;
    await expect(site.as(callers.admin(), () => whoAmI())).resolves.toBe('admin');
    await expect(site.as(callers.visitor(), () => whoAmI())).rejects.toThrow(/Forbidden/);
  });
});
