import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { DEFAULT_CONFIG, loadInboxConfig } from 'backend/inbox/config';
import { inboxConfigSchema } from 'backend/inbox/config-schema';
import { INBOX_CONFIG } from 'backend/inbox-settings';
import fixture from '../fixtures/inbox.config';

const root = join(__dirname, '..', '..');

/** The project's example `src/backend/inbox.config.js` (what the build copies into a site), evaluated as a module. */
function exampleConfig(): unknown {
  const source = readFileSync(join(root, 'src/backend/inbox.config.js'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const module = { exports: {} as { default?: unknown } };
  new Function('exports', 'module', outputText)(module.exports, module);
  return module.exports.default;
}

const invalid = (input: unknown) => {
  try {
    loadInboxConfig(input);
  } catch (error) {
    return error as { code: string; field: string; message: string };
  }
  throw new Error('expected CONFIG_INVALID');
};

describe("a site's inbox.config.js", () => {
  it("is not what velo-inbox's tests run on: they load a fixture with every default", () => {
    expect(fixture).toEqual({});
    expect(INBOX_CONFIG).toEqual(DEFAULT_CONFIG);
  });

  it('ships as an example that writes out exactly the defaults', () => {
    expect(loadInboxConfig(exampleConfig())).toEqual(DEFAULT_CONFIG);
  });

  it('takes the default for every setting it leaves out (one velo-inbox adds later included)', () => {
    const config = loadInboxConfig({ automatic: { formRecord: false }, visitorLimits: { perVisitor: { count: 2 } } });

    expect(config.automatic).toEqual({ welcomeOnSignUp: true, formRecord: false, loginGreeting: true, autoAcknowledgement: false });
    expect(config.visitorLimits.perVisitor).toEqual({ count: 2, windowMs: 60 * 60 * 1000 });
    expect(config.visitorLimits.allVisitors).toEqual(DEFAULT_CONFIG.visitorLimits.allVisitors);
    expect(config.retention).toEqual(DEFAULT_CONFIG.retention);
    expect(config.templates['form-received']).toEqual(DEFAULT_CONFIG.templates['form-received']);
  });

  it('changes a template’s words, switch and delay, keeping its variables and who may send it', () => {
    const config = loadInboxConfig({ templates: { welcome: { title: 'Hei[[, {{name}}]]!', enabled: false, delayMinutes: 30 } } });

    expect(config.templates.welcome).toMatchObject({ enabled: false, delayMs: 30 * 60 * 1000, vars: ['name'], frequency: 'once-per-participant' });
    expect(config.templates.welcome?.content).toMatchObject({ template: { title: 'Hei[[, {{name}}]]!', textLines: [expect.stringContaining('Thanks for joining')] } });
  });

  it('adds a template of the site’s own', () => {
    const config = loadInboxConfig({ templates: { 'order-shipped': { title: 'On its way[[, {{name}}]]', vars: ['name'], callableBy: ['member'] } } });

    expect(config.templates['order-shipped']).toMatchObject({ vars: ['name'], callableBy: ['member'], frequency: 'every-time', enabled: true });
  });

  it('switching the login greeting off switches its template off', () => {
    expect(loadInboxConfig({ automatic: { loginGreeting: false } }).templates['welcome-back']?.enabled).toBe(false);
  });

  it.each([
    [{ automatic: { welcomeOnSignup: false } }, 'automatic.welcomeOnSignup', 'is not a setting velo-inbox knows'],
    [{ automatic: { formRecord: 'no' } }, 'automatic.formRecord', 'must be a boolean'],
    [{ templates: { welcome: { delayMinutes: -5 } } }, 'templates.welcome.delayMinutes', 'must be at least 0'],
    [{ templates: { welcome: { delayMinutes: 1.5 } } }, 'templates.welcome.delayMinutes', 'must be a whole number'],
    [{ templates: { welcome: { title: 'Hello {{name}}' } } }, 'templates.welcome', 'outside an optional [[…]] segment'],
    [{ templates: { welcome: { title: 'Hello[[, {{nickname}}]]' } } }, 'templates.welcome', 'not declared in vars'],
    [{ templates: { welcome: { vars: ['nickname'] } } }, 'templates.welcome.vars', 'cannot change'],
    [{ templates: { 'new-one': { textLines: ['x'] } } }, 'templates.new-one.title', 'needs a title'],
    [{ templates: { welcome: { frequency: 'hourly' } } }, 'templates.welcome.frequency', 'must be one of'],
    [{ visitorLimits: { perVisitor: { count: 0 } } }, 'visitorLimits.perVisitor.count', 'must be at least 1'],
    [{ retention: { deliveryRecordsDays: 1 } }, 'retention.deliveryRecordsDays', 'must be at least 2'],
    [{ adminUserIds: 'owner' }, 'adminUserIds', 'must be an array'],
  ])('refuses %j at load: CONFIG_INVALID naming %s and the rule', (input, key, rule) => {
    const error = invalid(input);

    expect(error).toMatchObject({ code: 'CONFIG_INVALID', field: key });
    expect(error.message).toContain(`${key} `);
    expect(error.message).toContain(rule);
  });

  it("is typed for a site's editor by JSDoc naming every key the schema knows", () => {
    const jsdoc = readFileSync(join(root, 'src/backend/inbox/config-types.ts'), 'utf8');
    const keysOf = (schema: unknown): string[] => {
      const shape = (schema as { shape?: Record<string, unknown> }).shape;
      return shape ? Object.keys(shape) : [];
    };
    const unwrap = (schema: unknown): unknown => {
      let current = schema as { def?: { innerType?: unknown; in?: unknown }; shape?: unknown };
      while (!current.shape && (current.def?.innerType ?? current.def?.in)) current = (current.def.innerType ?? current.def.in) as typeof current;
      return current;
    };
    for (const [key, value] of Object.entries(inboxConfigSchema.shape)) {
      expect(jsdoc).toContain(`[${key}]`);
      for (const inner of keysOf(unwrap(value))) expect(jsdoc).toContain(inner);
    }
  });
});
