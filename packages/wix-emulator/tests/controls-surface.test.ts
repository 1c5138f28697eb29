import * as wixAuth from 'wix-auth';
import * as wixCrmBackend from 'wix-crm-backend';
import * as wixCrmFrontend from 'wix-crm-frontend';
import * as wixData from 'wix-data';
import * as wixInbox from 'wix-inbox.v2';
import * as wixMembersBackend from 'wix-members-backend';
import * as wixMembersFrontend from 'wix-members-frontend';
import * as wixUsersBackend from 'wix-users-backend';
import * as wixWebModule from 'wix-web-module';
import { controlsFor, createSite } from '../src';

/** Each shim as site code imports it (jest maps the Velo name to src/velo/<name>.ts). */
const shims: Record<string, object> = {
  'wix-auth': wixAuth,
  'wix-crm-backend': wixCrmBackend,
  'wix-crm-frontend': wixCrmFrontend,
  'wix-data': wixData,
  'wix-inbox.v2': wixInbox,
  'wix-members-backend': wixMembersBackend,
  'wix-members-frontend': wixMembersFrontend,
  'wix-users-backend': wixUsersBackend,
  'wix-web-module': wixWebModule,
};

/** Every name reachable from a module two levels down: `contacts`, `contacts.queryContacts`, … */
function reachableNames(module: object): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(module)) {
    names.push(key);
    if (value !== null && typeof value === 'object') names.push(...Object.keys(value as object));
  }
  return names;
}

/**
 * Names of test-only abilities: the controls namespace and the services' seed/inspect/list/act methods it delegates
 * to. Generic words the Velo API shares (`contacts`, `members`, `conversations`, `messages`) are left out on purpose.
 */
const TEST_ONLY = [
  ...Object.keys(controlsFor(createSite())),
  'memberSilently',
  'submitForm',
  'participantSendsMessage',
  'logIn',
  'promote',
  'promoteParticipant',
  'detachedConversations',
  'merges',
  'mergeLog',
  'seedContact',
  'seedMember',
  'seedMemberRole',
  'seedItems',
  'register',
  'defineCollection',
  'inspectContact',
  'inspectMember',
  'inspectCollection',
  'inspectSession',
  'listContacts',
  'listMembers',
  'listConversations',
  'conversationOf',
  'messagesOf',
  'addLoginListener',
  'kernel',
  'site',
];

describe('the Velo shims expose the emulated surface only', () => {
  it.each([
    ['wix-auth', ['elevate']],
    ['wix-crm-backend', ['contacts', 'default']],
    ['wix-crm-frontend', ['contacts', 'default']],
    ['wix-data', ['bulkInsert', 'bulkUpdate', 'default', 'get', 'insert', 'query', 'remove', 'save', 'update']],
    ['wix-inbox.v2', ['conversations', 'messages']],
    ['wix-members-backend', ['currentMember', 'default', 'members']],
    ['wix-members-frontend', ['authentication', 'currentMember', 'default']],
    ['wix-users-backend', ['currentUser', 'default']],
    ['wix-web-module', ['Permissions', 'webMethod']],
  ])('%s exports exactly its Velo names', (name, keys) => {
    expect(Object.keys(shims[name] ?? {}).sort()).toEqual(keys);
  });

  it('the controls namespace is exactly the documented set (a new control is added here on purpose)', () => {
    expect(Object.keys(controlsFor(createSite())).sort()).toEqual(
      ['act', 'clock', 'exportState', 'faults', 'importState', 'inspect', 'journal', 'loadFrom', 'readLag', 'reset', 'saveTo', 'seed', 'settle'],
    );
  });

  it.each(Object.keys(shims))('%s reaches no test control, at any level', (name) => {
    const reachable = reachableNames(shims[name] ?? {});
    expect(reachable.filter((key) => TEST_ONLY.includes(key))).toEqual([]);
  });
});
