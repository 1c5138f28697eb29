import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRecipients } from 'backend/inbox/participant';
import { veloDirectory } from 'backend/wix/velo-directory';
import { veloIdentity } from 'backend/wix/velo-identity';
import { callers, startSite } from '../support/emulator';
import { registerMember, seedMember } from '../support/people';

/**
 * Deprecated Wix sources replaced where Wix names a successor: `Members/PrivateMembersData` → `Members/FullData`,
 * `wix-members-backend` `members.getMember` → `wix-members.v2`, `wix-users-backend` identity → `currentMember`'s roles
 * and member. The visitor ID has no successor: `currentUser.id` stays, and is the fallback tested here.
 */
function sourcesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return name.endsWith('.ts') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}
const SOURCES = sourcesUnder(join(__dirname, '..', '..', 'src'));

describe('the product reads no deprecated source Wix names a successor for', () => {
  it('no code reads Members/PrivateMembersData', () => {
    expect(SOURCES.filter((s) => /['"]Members\/PrivateMembersData['"]/.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it("no code calls wix-members-backend's members.getMember", () => {
    expect(SOURCES.filter((s) => /import\s*\{[^}]*\bmembers\b[^}]*\}\s*from\s*'wix-members-backend'/.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it('wix-users-backend is imported once, for the visitor ID only', () => {
    const users = SOURCES.filter((s) => s.text.includes("from 'wix-users-backend'"));
    expect(users.map((s) => s.file.replace(/\\/g, '/').replace(/.*\/src\//, 'src/'))).toEqual(['src/backend/wix/velo-identity.ts']);
    expect(new Set(users[0]?.text.match(/currentUser\.\w+/g))).toEqual(new Set(['currentUser.id']));
  });
});

describe('the Velo family on the successors', () => {
  it('finds members in Members/FullData and reads their contact through wix-members.v2', async () => {
    const site = startSite();
    const ada = registerMember(site, { email: 'ada@example.com' });
    site.journal.clear();
    const [result] = await site.as(callers.job(), () => resolveRecipients(veloDirectory, [{ email: 'ada@example.com' }]));
    expect(result).toMatchObject({ ok: true, value: { participantId: { memberId: ada.memberId } } });
    const collections = site.journal.entries('data.query').map((e) => (e.args[0] as { collection: string }).collection);
    expect(collections).toContain('Members/FullData');
    expect(collections).not.toContain('Members/PrivateMembersData');
  });

  it('knows the admin by the Admin role currentMember.getRoles() adds, and a member by currentMember', async () => {
    const site = startSite();
    const cai = seedMember(site, { email: 'cai@example.com' });
    await expect(site.as(callers.admin(), () => veloIdentity.currentCaller())).resolves.toEqual({ kind: 'admin' });
    await expect(site.as(callers.member(cai.memberId), () => veloIdentity.currentCaller())).resolves.toMatchObject({ kind: 'member', memberId: cai.memberId });
    expect(site.journal.count('members.getRoles')).toBe(2);
  });

  it('falls back to wix-users-backend for the visitor ID, which no members API gives', async () => {
    const site = startSite();
    await expect(site.as(callers.visitor('3f1c2a9e-0000-4000-8000-000000000042'), () => veloIdentity.currentCaller())).resolves.toEqual({
      kind: 'visitor',
      visitorId: '3f1c2a9e-0000-4000-8000-000000000042',
    });
  });

  it('makes a member whose role check fails a visitor, who may only read: a failure never grants more', async () => {
    const site = startSite();
    const dee = seedMember(site, { email: 'dee@example.com' });
    site.faults.inject('members.getRoles', { status: 503 });
    await expect(site.as(callers.member(dee.memberId, 'v-dee'), () => veloIdentity.currentCaller())).resolves.toEqual({ kind: 'visitor', visitorId: dee.memberId });
  });
});
