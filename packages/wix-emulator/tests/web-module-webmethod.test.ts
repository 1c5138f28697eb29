import { Permissions, webMethod } from 'wix-web-module';
import { currentContext, runElevated } from '../src/kernel/caller';
import { exposeWebModule } from '../src/kernel/rpc';
import type { Site } from '../src/site';
import { callers, startSite } from '../src/testing';

let site: Site;
beforeEach(() => {
  site = startSite();
});

const whoAmI = () => currentContext().caller.kind;

describe('webMethod permissions (who may call, decided from the session)', () => {
  const anyone = webMethod(Permissions.Anyone, whoAmI);
  const members = webMethod(Permissions.SiteMember, whoAmI);
  const admins = webMethod(Permissions.Admin, whoAmI);

  it('exports the official Permissions values, equal to their names', () => {
    expect({ ...Permissions }).toEqual({ Admin: 'Admin', SiteMember: 'SiteMember', Anyone: 'Anyone' });
  });

  it('lets anyone call an Anyone method: visitor, member and admin', async () => {
    await expect(site.as(callers.visitor(), () => anyone())).resolves.toBe('visitor');
    await expect(site.as(callers.member('m-1'), () => anyone())).resolves.toBe('member');
    await expect(site.as(callers.admin(), () => anyone())).resolves.toBe('admin');
  });

  it('lets members and admins call a SiteMember method and rejects a visitor', async () => {
    await expect(site.as(callers.member('m-1'), () => members())).resolves.toBe('member');
    await expect(site.as(callers.admin(), () => members())).resolves.toBe('admin');
    await expect(site.as(callers.visitor(), () => members())).rejects.toThrow(/Forbidden/);
  });

  it('lets only an admin call an Admin method', async () => {
    await expect(site.as(callers.admin(), () => admins())).resolves.toBe('admin');
    await expect(site.as(callers.member('m-1'), () => admins())).rejects.toThrow(/Forbidden/);
    await expect(site.as(callers.visitor(), () => admins())).rejects.toThrow(/Forbidden/);
  });

  it('rejects a forbidden call with a plain Error carrying only a message, without running the method', async () => {
    const fn = jest.fn(() => 'ran');
    const guarded = webMethod(Permissions.Admin, fn);

    const error = await site.as(callers.visitor(), () => guarded()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(Object.keys(error as object)).toEqual([]);
    expect((error as Error).name).toBe('Error');
    expect(fn).not.toHaveBeenCalled();
  });

  it('treats a backend-only caller (event handler, job) as not admin and not member', async () => {
    await expect(site.as(callers.eventHandler(), () => members())).rejects.toThrow(/Forbidden/);
    await expect(site.as(callers.job(), () => admins())).rejects.toThrow(/Forbidden/);
    await expect(site.as(callers.job(), () => anyone())).resolves.toBe('system');
  });

  it('fails loudly when called with no caller at all', async () => {
    await expect(anyone()).rejects.toThrow(/No caller/);
  });
});

describe('webMethod arguments and results cross the wire as JSON', () => {
  it('delivers a Date argument as its ISO string', async () => {
    const seen = webMethod(Permissions.Anyone, (value: unknown) => ({ type: typeof value, value }));

    const result = await site.as(callers.visitor(), () => seen(new Date('2026-02-03T04:05:06.000Z')));

    expect(result).toEqual({ type: 'string', value: '2026-02-03T04:05:06.000Z' });
  });

  it('drops undefined properties, turns undefined arguments into null and strips methods from class instances', async () => {
    class Point {
      constructor(readonly x: number) {}
      norm(): number {
        return Math.abs(this.x);
      }
    }
    const echo = webMethod(Permissions.Anyone, (...args: unknown[]) => args);

    const result = await site.as(callers.visitor(), () => echo({ a: 1, b: undefined }, undefined, new Point(-2)));

    expect(result).toEqual([{ a: 1 }, null, { x: -2 }]);
    expect(Object.getPrototypeOf((result as unknown[])[2])).toBe(Object.prototype);
  });

  it('returns the result through JSON too: Dates as strings, Maps as empty objects, undefined as undefined', async () => {
    const rich = webMethod(Permissions.Anyone, () => ({ at: new Date('2026-01-01T00:00:00.000Z'), map: new Map([[1, 2]]) }));
    const nothing = webMethod(Permissions.Anyone, () => undefined);

    await expect(site.as(callers.visitor(), () => rich())).resolves.toEqual({ at: '2026-01-01T00:00:00.000Z', map: {} });
    await expect(site.as(callers.visitor(), () => nothing())).resolves.toBeUndefined();
  });

  it('gives the backend a copy: mutating an argument there does not change the page object', async () => {
    const mutate = webMethod(Permissions.Anyone, (o: { n: number }) => {
      o.n += 1;
      return o.n;
    });
    const original = { n: 1 };

    await expect(site.as(callers.visitor(), () => mutate(original))).resolves.toBe(2);
    expect(original).toEqual({ n: 1 });
  });

  it('rejects an argument JSON cannot carry before the method runs', async () => {
    const fn = jest.fn();
    const method = webMethod(Permissions.Anyone, fn);

    await expect(site.as(callers.visitor(), () => method(10n))).rejects.toThrow(/cannot be sent/);
    expect(fn).not.toHaveBeenCalled();
  });

  it('is asynchronous: the method has not started when the call returns', async () => {
    const started: string[] = [];
    const method = webMethod(Permissions.Anyone, () => started.push('backend'));

    const call = site.as(callers.visitor(), () => method());
    started.push('page continues');
    await call;

    expect(started).toEqual(['page continues', 'backend']);
  });
});

describe('webMethod errors reach the page as message only', () => {
  class CodedError extends Error {
    readonly code = 'RATE_LIMITED';
    override readonly name = 'CodedError';
  }

  it('strips custom properties and class: the page gets a plain Error with the message', async () => {
    const failing = webMethod(Permissions.Anyone, async () => {
      throw new CodedError('Too many messages');
    });

    const error = await site.as(callers.visitor(), () => failing()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CodedError);
    expect((error as Error).message).toBe('Too many messages');
    expect((error as Error).name).toBe('Error');
    expect((error as { code?: string }).code).toBeUndefined();
  });

  it('strips a Wix API error too (status, details): return errors as data instead', async () => {
    const failing = webMethod(Permissions.Anyone, () => {
      throw Object.assign(new Error('Not Found'), { status: 404, details: { applicationError: { code: 'NOT_FOUND' } } });
    });

    const error = await site.as(callers.visitor(), () => failing()).catch((e: unknown) => e);

    expect(Object.keys(error as object)).toEqual([]);
    expect((error as Error).message).toBe('Not Found');
  });

  it('turns a thrown non-Error into an Error with its text', async () => {
    const failing = webMethod(Permissions.Anyone, () => {
      throw 'plain string';
    });

    await expect(site.as(callers.visitor(), () => failing())).rejects.toEqual(new Error('plain string'));
  });
});

describe('webMethod runs as the caller, never elevated', () => {
  it('runs with the session caller and no elevation, even when the call comes from elevated code', async () => {
    const context = webMethod(Permissions.Anyone, () => currentContext());

    const seen = await site.as(callers.member('m-7'), () => runElevated(() => context()));

    expect(seen).toEqual({ caller: callers.member('m-7'), elevated: false });
  });
});

describe('webMethod calls in the journal', () => {
  it('records each call as webMethod.<export name> once a page imported the module', async () => {
    const module = { greet: webMethod(Permissions.Anyone, (name: string, at: Date) => `hi ${name} ${at.valueOf()}`) };
    const { greet } = exposeWebModule(module) as typeof module;

    await site.as(callers.visitor('v-9'), () => greet('Ann', new Date('2026-01-01T00:00:00.000Z')));

    const [entry] = site.journal.entries('webMethod.greet');
    expect(entry).toMatchObject({
      caller: callers.visitor('v-9'),
      elevated: false,
      outcome: 'ok',
      args: ['Ann', '2026-01-01T00:00:00.000Z'],
    });
  });

  it('falls back to the function name, then to webMethod.call', async () => {
    const named = webMethod(Permissions.Anyone, function listThings() {
      return [];
    });
    const anonymous = webMethod(Permissions.Anyone, () => 1);

    await site.as(callers.visitor(), async () => {
      await named();
      await anonymous();
    });

    expect(site.journal.count('webMethod.listThings', 'ok')).toBe(1);
    expect(site.journal.count('webMethod.call', 'ok')).toBe(1);
  });

  it('records forbidden calls and thrown errors as errors', async () => {
    const { adminOnly, broken } = exposeWebModule({
      adminOnly: webMethod(Permissions.Admin, () => 1),
      broken: webMethod(Permissions.Anyone, () => {
        throw new Error('boom');
      }),
    }) as { adminOnly: () => Promise<number>; broken: () => Promise<never> };

    await site.as(callers.visitor(), async () => {
      await adminOnly().catch(() => undefined);
      await broken().catch(() => undefined);
    });

    expect(site.journal.entries('webMethod.adminOnly')[0]?.error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(site.journal.entries('webMethod.broken')[0]).toMatchObject({ outcome: 'error', error: { message: 'boom' } });
  });

  it('lets a test inject a fault at the boundary; the page still sees a message-only Error', async () => {
    const { ping } = exposeWebModule({ ping: webMethod(Permissions.Anyone, () => 'pong') }) as { ping: () => Promise<string> };
    site.faults.inject('webMethod.ping', { status: 503 });

    const error = await site.as(callers.visitor(), () => ping()).catch((e: unknown) => e);

    expect((error as Error).message).toBe('Service Unavailable');
    expect(Object.keys(error as object)).toEqual([]);
    await expect(site.as(callers.visitor(), () => ping())).resolves.toBe('pong');
  });
});

describe('what page code can import from a web module', () => {
  it('exposes only the web methods of a module, not plain functions or values', () => {
    const exposed = exposeWebModule({
      method: webMethod(Permissions.Anyone, () => 1),
      helper: () => 2,
      constant: 3,
    });

    expect(Object.keys(exposed)).toEqual(['method']);
  });
});
