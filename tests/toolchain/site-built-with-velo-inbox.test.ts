import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlsFor } from 'wix-emulator';
import { createSiteFromRepo } from 'wix-emulator/site-repo';
import { captureLogs } from '../support/captured-logs';
import { startEmulator, stop } from '../support/emulator-process';
import { siteBuiltWithVeloInbox } from '../support/site-built-with-velo-inbox';

beforeEach(() => {
  captureLogs();
});

/** Issue 16, "Done when": a site repo built with velo-inbox runs under the loader as it would on Wix. */

/** The site's own collections (its wix-emulator.json) and velo-inbox's (the build added them to the same file). */
const COLLECTIONS = ['MemberRoles', 'Leads', 'ContactAudit', 'InboxOutbox', 'InboxDeliveries', 'InboxRateLimits'];

function run(root: string) {
  const logged: string[] = [];
  const loaded = createSiteFromRepo(root, { seed: 5, log: (line) => logged.push(line) });
  return { ...loaded, logged };
}

async function signUp(site: ReturnType<typeof run>['site']) {
  const member = controlsFor(site).seed.member({ email: 'rosa@example.com', firstName: 'Rosa' });
  await site.events.settle();
  const conversation = site.inbox.conversationOf({ memberId: member._id });
  const titles = conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '').map((m) => m.message.content?.template?.title) : [];
  const roles = site.data.inspectCollection('MemberRoles').map((row) => row._id);
  return { memberId: member._id, titles, roles };
}

// The member-roles site's own re-export (line 23 of its events.js), which the build leaves as it was.
const UNSUPPORTED = 'not called by Wix: wixCrm_onContactCreated (src/backend/events.js:23): re-export';

describe('a site repo built with velo-inbox (npm run build -- --site), under the loader', () => {
  it("has the site's own collections and velo-inbox's, from the one wix-emulator.json the build merged into", () => {
    const { site } = run(siteBuiltWithVeloInbox('member-roles'));
    expect(site.exportState().data.collections.map((c) => c.name)).toEqual(COLLECTIONS);
  });

  it("a sign-up fires the site's own member-created handler and velo-inbox's welcome; the re-exported handler is not called and is reported", async () => {
    const { site, notCalled, logged } = run(siteBuiltWithVeloInbox('member-roles'));
    const { memberId, titles, roles } = await signUp(site);

    expect(roles).toEqual([memberId]);
    expect(titles).toEqual(['Welcome aboard, Rosa!']);
    expect(notCalled.map((n) => n.name)).toEqual(['wixCrm_onContactCreated']);
    expect(logged).toContain(UNSUPPORTED);
    expect(site.data.inspectCollection('ContactAudit')).toEqual([]);
    expect(site.journal.entries('events.notCalled').map((e) => e.args[0])).toContain('wixCrm_onContactCreated');
  });

  it("keeps the site's commented jobs.config and runs both its own job and velo-inbox's from it", async () => {
    const root = siteBuiltWithVeloInbox('member-roles');
    expect(readFileSync(join(root, 'src', 'backend', 'jobs.config'), 'utf8')).toContain('// Define up to 20 different jobs');
    const { repo } = run(root);
    expect(repo.jobs().map((job) => job.functionName)).toEqual(['removeOldAudits', 'drainInboxOutbox']);
    await expect(repo.runJob('removeOldAudits')).resolves.toBe(0);
    await expect(repo.runJob('drainInboxOutbox')).resolves.toMatchObject({ taken: 0, failed: 0 });
  });
});

describe('npm run emulator -- --site <repo>', () => {
  it("serves the site repo: a sign-up over the controls fires the site's handler and velo-inbox's welcome; the log names the handler Wix never calls", async () => {
    const root = siteBuiltWithVeloInbox('member-roles');
    const emulator = await startEmulator(['--site', root, '--seed', '4']);
    try {
      const control = async (method: string, path: string, body?: unknown) =>
        (await (await fetch(`${emulator.url}/_emulator${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json()) as unknown;
      const member = (await control('POST', '/seed/members', { email: 'rosa@example.com', firstName: 'Rosa' })) as { _id: string };
      await control('POST', '/settle');

      expect(((await control('GET', '/inspect/collections/MemberRoles')) as { _id: string }[]).map((row) => row._id)).toEqual([member._id]);
      const conversations = (await control('GET', '/inspect/conversations')) as { conversation: { _id: string }; participantId: { memberId?: string } }[];
      const mine = conversations.find((c) => c.participantId.memberId === member._id);
      const messages = (await control('GET', `/inspect/conversations/${mine?.conversation._id ?? '-'}/messages`)) as { message: { content?: { template?: { title?: string } } } }[];
      expect(messages.map((m) => m.message.content?.template?.title)).toEqual(['Welcome aboard, Rosa!']);
      expect(emulator.output()).toContain(UNSUPPORTED);
    } finally {
      await stop(emulator);
    }
  }, 90_000);
});
