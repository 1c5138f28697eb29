import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { INBOX_EVENT_NAMES } from 'backend/inbox-events';
import { siteHandlerName } from '../../scripts/build/events-block';
import { isBuildOutput } from '../../scripts/build/transpile';
import { findExports } from 'wix-emulator/site-repo';
import { startBuiltSite } from '../support/built-site-with-code';
import { siteRepo, type SiteRepo } from '../support/site-repo';

/**
 * Realistic Wix site repos (tests/fixtures/site-repos/<name>), each as Wix Git Integration and the Wix editor make
 * them, and what `npm run build -- --site` must do with it: build (composing these same-named handlers of the site's)
 * or stop with the documented message, writing nothing.
 */
const CORPUS: Record<string, { composes: readonly string[] } | { stops: RegExp }> = {
  // Handlers in every supported form (two same-named as velo-inbox's), one Wix never calls, Wix's commented jobs.config.
  'member-roles': { composes: ['wixMembers_onMemberCreated', 'wixCrm_onFormSubmit'] },
  // CRLF everywhere; the site's own npm imports (@wix/bookings in events.js, @wix/site-window in masterPage.js).
  'bookings-crlf': { composes: ['wixCrm_onFormSubmit'] },
  // `export *` from a module that supplies a name velo-inbox exports.
  'star-export': { stops: /`export \* from 'backend\/crm-handlers';` supplies wixCrm_onFormSubmit[\s\S]*export function wixCrm_onFormSubmit\(event\)/ },
  // `export *` from a module that supplies none of velo-inbox's names.
  'star-export-others': { composes: [] },
  // The site's handler exported through an export list (a form Wix never calls).
  'export-list': { stops: /exports wixMembers_onMemberCreated in a form the build does not compose[\s\S]*renamed export: Wix does not call it/ },
  // A site as Wix CLI creates it: no events.js, no jobs.config.
  'fresh-site': { composes: [] },
  // Built by the old build: `export { veloInbox_X as X }` block, the site's handler un-exported behind the old mark.
  'old-build': { composes: ['wixMembers_onMemberCreated'] },
};
const corpusDir = join(__dirname, '..', 'fixtures', 'site-repos');
// Every test builds velo-inbox into a site (transpiling all of src/): seconds each on a busy machine.
jest.setTimeout(60_000);
const EVENTS = 'src/backend/events.js';

/** Every comment of a JavaScript file, read from the syntax tree (so strings and regular expressions never count). */
function jsComments(text: string): string[] {
  const source = ts.createSourceFile('x.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = new Map<number, string>();
  const visit = (node: ts.Node) => {
    for (const range of [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])]) {
      found.set(range.pos, text.slice(range.pos, range.end));
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found.values()];
}

/** Every comment of a JSON-with-comments file (strings skipped). */
function jsonComments(text: string): string[] {
  return [...text.matchAll(/"(?:\\.|[^"\\])*"|(\/\/[^\r\n]*|\/\*[\s\S]*?\*\/)/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

/** The site's comments of a file: velo-inbox's own (its block markers, the marks of composed handlers) left out. */
const commentsOf = (path: string, text: string) =>
  (path.endsWith('.js') || path.endsWith('.jsw') ? jsComments(text) : jsonComments(text)).map((c) => c.replace(/\r/g, '')).filter((c) => !/^(\/\/|\/\*) velo-inbox:/.test(c));

/** What of `needed` (a multiset) is not in `have`. */
function missing(needed: readonly string[], have: readonly string[]): string[] {
  const left = [...have];
  return needed.filter((item) => {
    const at = left.indexOf(item);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('the corpus of site repos', () => {
  it('has an expectation for every repo in tests/fixtures/site-repos', () => {
    expect(readdirSync(corpusDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()).toEqual(Object.keys(CORPUS).sort());
  });
});

describe.each(Object.entries(CORPUS))('building into the %s site repo', (name, expected) => {
  let site: SiteRepo;
  let before: Map<string, string>;
  beforeAll(() => {
    site = siteRepo(join(corpusDir, name));
    before = site.snapshot();
  });
  afterAll(() => site.remove());

  if ('stops' in expected) {
    it('stops with the documented message and writes nothing', () => {
      expect(site.stop().message).toMatch(expected.stops);
      expect(site.snapshot()).toEqual(before);
    });
    return;
  }

  let once: Map<string, string>;
  beforeAll(() => {
    site.build();
    once = site.snapshot();
    site.build();
    site.build();
  }, 60_000);

  it('is idempotent: three builds leave what one build left, and a fourth plans no change', () => {
    expect(site.snapshot()).toEqual(once);
    expect(site.build().effects.filter((e) => e.effect !== 'unchanged')).toEqual([]);
  });

  it("keeps every comment of the site's files", () => {
    const after = site.snapshot();
    const lost: string[] = [];
    for (const [path, text] of before) {
      if (!/\.(js|jsw|config|json)$/.test(path) || isBuildOutput(text)) continue;
      for (const comment of missing(commentsOf(path, text), commentsOf(path, after.get(path) ?? ''))) lost.push(`${path}: ${comment}`);
    }
    expect(lost).toEqual([]);
  });

  it("exports every velo-inbox handler in a form Wix calls, and turns none of the site's exports into one it does not", () => {
    const uncalled = (text: string) => findExports(text, EVENTS).filter((e) => !e.calledByWix).map((e) => `${e.name} (${e.form})`);
    const exports = findExports(site.read(EVENTS), EVENTS);

    for (const handler of INBOX_EVENT_NAMES) expect(exports.filter((e) => e.name === handler)).toEqual([expect.objectContaining({ form: 'function', calledByWix: true })]);
    expect(missing(uncalled(site.read(EVENTS)), uncalled(before.get(EVENTS) ?? ''))).toEqual([]);
  });

  it("composes exactly the site's same-named handlers, renamed in place", () => {
    const events = site.read(EVENTS);
    const composed = INBOX_EVENT_NAMES.filter((handler) => new RegExp(`\\bfunction ${siteHandlerName(handler)}\\b|\\bconst ${siteHandlerName(handler)}\\b`).test(events));
    expect(composed.sort()).toEqual([...expected.composes].sort());
  });

  it('leaves every file it does not merge into or own byte-identical', () => {
    const merged = [EVENTS, 'src/pages/masterPage.js', 'src/backend/jobs.config', 'package.json', 'wix-emulator.json'];
    const after = site.snapshot();
    const changed = [...before].filter(([path, text]) => !merged.includes(path) && !isBuildOutput(text) && after.get(path) !== text).map(([path]) => path);
    expect(changed).toEqual([]);
  });
});

describe('the built corpus sites, as Wix would run them', () => {
  it('bookings-crlf: every file the build merged into keeps CRLF line ends', () => {
    const site = siteRepo(join(corpusDir, 'bookings-crlf'));
    try {
      site.build();
      for (const path of [EVENTS, 'src/pages/masterPage.js', 'src/backend/jobs.config', 'package.json']) {
        expect({ path, lf: site.read(path).split('\n').slice(0, -1).filter((line) => !line.endsWith('\r')).length }).toEqual({ path, lf: 0 });
      }
    } finally {
      site.remove();
    }
  });

  it("old-build: the old block and mark are gone, the site's handler is back in its own code, the old stale output removed", () => {
    const site = siteRepo(join(corpusDir, 'old-build'));
    try {
      site.build();
      const events = site.read(EVENTS);
      expect(events).not.toMatch(/veloInbox_wixMembers_onMemberCreated|runSiteHandlerThen|exported below, run before/);
      expect(events).toContain("return wixData.insert('LoyaltyCards', { memberId: event.entity._id, stamps: 0 }, { suppressAuth: true });");
      expect(site.snapshot().has('src/backend/inbox/renamed-long-ago.js')).toBe(false);
    } finally {
      site.remove();
    }
  });

  it("member-roles on the emulator's site-repo loader: a sign-up runs the site's role assignment, then velo-inbox's welcome", async () => {
    const site = siteRepo(join(corpusDir, 'member-roles'));
    try {
      site.build();
      // Its collections come from its wix-emulator.json, where the build kept them beside velo-inbox's.
      const { site: emulated } = startBuiltSite({ root: site.dir });

      const member = emulated.members.register({ email: 'kim@example.com', firstName: 'Kim' });
      await emulated.events.settle();

      expect(emulated.data.inspectCollection('MemberRoles').map((row) => row._id)).toEqual([member._id]);
      const conversation = emulated.inbox.conversationOf({ memberId: member._id })?.conversation._id ?? '';
      expect(emulated.inbox.messagesOf(conversation).map((m) => m.message.content?.template?.title)).toEqual(['Welcome aboard, Kim!']);
    } finally {
      site.remove();
    }
  });
});
