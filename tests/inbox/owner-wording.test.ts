import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG } from 'backend/inbox/config';
import { templateCatalog, type TemplateRow } from 'backend/inbox/owner-wording';
import { renderTemplate } from 'backend/inbox/template-registry';

/** A CMS collection of rows, counting its reads; `now` is the catalog's clock. */
function cms(rows: TemplateRow[]) {
  const state = { rows, reads: 0, fail: false, now: 0, warnings: [] as { message: string; details: Record<string, string> }[] };
  const catalog = templateCatalog(
    DEFAULT_CONFIG.templates,
    {
      rows: async () => {
        state.reads += 1;
        if (state.fail) throw new Error('wix-data unavailable');
        return state.rows;
      },
    },
    { cacheMs: 60_000, now: () => state.now, log: { warn: (message, details) => state.warnings.push({ message, details: { ...details } }) } },
  );
  return { state, catalog };
}

const titleOf = async (catalog: ReturnType<typeof cms>['catalog'], name: string, language?: string, vars: Record<string, string> = {}) => {
  const template = await catalog.template(name, language);
  if (!template) return undefined;
  const content = renderTemplate(name, template, vars);
  return 'template' in content ? content.template.title : undefined;
};

describe("the owner's wording in InboxTemplates", () => {
  it('replaces the code wording for its template key, and leaves the others alone', async () => {
    const { catalog } = cms([{ id: 'r1', key: 'welcome', title: 'Hello there[[, {{name}}]]', text: 'First line\nSecond line' }]);

    await expect(titleOf(catalog, 'welcome', undefined, { name: 'Ada' })).resolves.toBe('Hello there, Ada');
    expect((await catalog.template('welcome'))?.content).toMatchObject({ template: { textLines: ['First line', 'Second line'] } });
    await expect(titleOf(catalog, 'welcome-back')).resolves.toBe('Welcome back');
  });

  it("prefers the person's language: the exact tag, then the language, then the row without one, then the code", async () => {
    const { catalog } = cms([
      { id: 'any', key: 'welcome', title: 'Hello!' },
      { id: 'de', key: 'welcome', language: 'de', title: 'Willkommen!' },
      { id: 'pt-br', key: 'welcome', language: 'pt-BR', title: 'Bem-vindo!' },
      { id: 'pt', key: 'welcome', language: 'pt', title: 'Bem-vindo (pt)!' },
    ]);

    await expect(titleOf(catalog, 'welcome', 'pt-BR')).resolves.toBe('Bem-vindo!');
    await expect(titleOf(catalog, 'welcome', 'de-AT')).resolves.toBe('Willkommen!');
    await expect(titleOf(catalog, 'welcome', 'fr-FR')).resolves.toBe('Hello!');
    await expect(titleOf(catalog, 'welcome')).resolves.toBe('Hello!');
    await expect(catalog.hasLanguageRows('welcome')).resolves.toBe(true);
    await expect(catalog.hasLanguageRows('welcome-back')).resolves.toBe(false);
  });

  it('uses the code wording for a language no row has, when no row is for every language', async () => {
    const { catalog } = cms([{ id: 'de', key: 'welcome', language: 'de', title: 'Willkommen!' }]);

    await expect(titleOf(catalog, 'welcome', 'en-US')).resolves.toBe('Welcome aboard!');
  });

  it('switches a template off with an unticked On — and never on when the configuration has it off', async () => {
    const { catalog } = cms([{ id: 'r1', key: 'welcome', enabled: false }, { id: 'r2', key: 'form-received', enabled: true }]);
    const configOff = templateCatalog({ ...DEFAULT_CONFIG.templates, 'form-received': { ...DEFAULT_CONFIG.templates['form-received']!, enabled: false } }, { rows: async () => [{ id: 'r2', key: 'form-received', enabled: true }] }, { cacheMs: 0 });

    expect((await catalog.template('welcome'))?.enabled).toBe(false);
    expect((await catalog.template('form-received'))?.enabled).toBe(true);
    expect((await configOff.template('form-received'))?.enabled).toBe(false);
  });

  it.each([
    ['a placeholder outside an optional segment', { key: 'welcome', title: 'Hi {{name}}' }, /outside an optional/],
    ['a variable the template does not have', { key: 'welcome', title: 'Hi[[ {{email}}]]' }, /not declared/],
    ['more lines than Inbox takes', { key: 'welcome', text: Array.from({ length: 11 }, (_, i) => `line ${i}`).join('\n') }, /textLines/],
    ['a key no template has', { key: 'welcom', title: 'Hi' }, /names no template/],
    ['a language that is not a language tag', { key: 'welcome', language: 'German!', title: 'Hallo' }, /language tag/],
    ['an On that is not yes/no', { key: 'welcome', enabled: 'no', title: 'Hi' }, /yes\/no/],
  ])('ignores a row with %s, logs why without its text, and uses the code wording', async (_what, row, rule) => {
    const { catalog, state } = cms([{ id: 'bad-row', ...row }]);

    await expect(titleOf(catalog, 'welcome')).resolves.toBe('Welcome aboard!');
    expect(state.warnings).toHaveLength(1);
    expect(state.warnings[0]?.details).toMatchObject({ rowId: 'bad-row', rule: expect.stringMatching(rule) });
    expect(JSON.stringify(state.warnings)).not.toMatch(/Hi \{\{name\}\}|Hallo|line 10/);
  });

  it('reads the collection at most once per cache period, then again after it', async () => {
    const { catalog, state } = cms([{ id: 'r1', key: 'welcome', title: 'Old words' }]);

    await titleOf(catalog, 'welcome');
    await titleOf(catalog, 'welcome-back');
    state.rows = [{ id: 'r1', key: 'welcome', title: 'New words' }];
    state.now = 59_000;
    await expect(titleOf(catalog, 'welcome')).resolves.toBe('Old words');
    expect(state.reads).toBe(1);

    state.now = 61_000;
    await expect(titleOf(catalog, 'welcome')).resolves.toBe('New words');
    expect(state.reads).toBe(2);
  });

  it('does not keep a failed read: the next send reads again', async () => {
    const { catalog, state } = cms([{ id: 'r1', key: 'welcome', title: 'Owner words' }]);
    state.fail = true;
    await expect(catalog.template('welcome')).rejects.toThrow('wix-data unavailable');

    state.fail = false;
    await expect(titleOf(catalog, 'welcome')).resolves.toBe('Owner words');
    expect(state.reads).toBe(2);
  });
});
