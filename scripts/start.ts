/**
 * `npm start`: the whole story on the local Wix site emulator, with this project's real page and backend code as it
 * ships — the build, loaded as Wix loads a site repo (wix-emulator's site-repo loader; `--site <repo>` for a site built
 * with it).
 * The owner sets the site up; a visitor writes through the contact form, signs up, logs in; the owner then messages
 * them by email. Then the same site is served in the browser (wix-emulator's local UI, with velo-inbox's workbench panels)
 * until Ctrl-C. `npm start -- --help`.
 */
import { writeFileSync } from 'node:fs';
import type * as InboxWeb from 'backend/inbox.web';
import type * as InboxSetup from 'backend/inbox-setup.web';
import { readCommandLine } from './command-line';
import { siteRepoRoot } from './site-repo-option';
import { loadPage, type LoadedPage } from 'wix-emulator/pages';
import type { Caller, Site, SiteState } from 'wix-emulator';
import { createSiteFromRepo, type NotCalledHandler, type SiteFromRepo, type SiteRepo } from 'wix-emulator/site-repo';
import { OWNER_USER_ID, type PageLayout } from 'wix-emulator/ui';
import { CONTACT_PAGE } from './workbench/contact-page';
import { onBuiltRepo } from './workbench/local-site-options';
import { exportOnExit, STATE_USAGE, StateFileError, stateFiles } from './start-state';

const USAGE = `Usage: npm start [-- options]

Runs this project's real page and backend code on the local Wix site emulator, as it ships (built now, loaded as Wix
loads a site repo), prints what happens step by step, then serves the same site in the browser until Ctrl-C.

  --site <repo>   Run this Wix site repo instead (e.g. after npm run build -- --site <repo>): its own handlers, web
                  modules, jobs and pages run too.
  --save <file>   Also write the final site state as JSON (load it in tests, or inspect it).
  --port <n>      Serve the local UI on 127.0.0.1:<n> (default 4400; 0 picks a free port).
  --no-ui         Tell the story and exit, without serving the UI (for scripts).
${STATE_USAGE}
  -h, --help      This text.`;

const options = readCommandLine(USAGE, {
  save: { type: 'string' },
  port: { type: 'string' },
  'no-ui': { type: 'boolean' },
  site: { type: 'string' },
  load: { type: 'string' },
  'export-on-exit': { type: 'string' },
});
const port = Number(options.port ?? 4400);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a whole number from 0 to 65535, got ${options.port}\n\n${USAGE}`);
  process.exit(2);
}
const files = readStateFiles();
console.log(`npm start: ${options.site === undefined ? 'building the site and loading' : `loading ${options.site}`} on the emulator…`);

const visitor = { kind: 'visitor', visitorId: 'visitor-ada' } as const satisfies Caller;
const owner: Caller = { kind: 'admin', visitorId: 'visitor-owner', userId: OWNER_USER_ID };

async function main(): Promise<Story> {
  const { site, repo, notCalled } = openRepo();
  const web = repo.backendModule('backend/inbox.web') as unknown as typeof InboxWeb;
  const setup = repo.backendModule('backend/inbox-setup.web') as unknown as typeof InboxSetup;

  // What the site's own code logs (event handlers) is shown indented, as a site log would show it.
  console.info = (...args: unknown[]) => say(`· site log: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);

  step('0. The site owner sets the site up (setUpInbox, once)');
  const report = await site.as(owner, () => setup.setUpInbox());
  if (!report.ok) throw new Error(`setUpInbox failed: ${report.error.code}`);
  for (const item of report.value.items) say(`${item.item.padEnd(27)}${item.status}`);

  step('1. An anonymous visitor asks in the chat widget');
  site.inbox.participantSendsMessage({ anonymousVisitorId: visitor.visitorId }, 'Hi, anyone there?');
  await settle(site);
  say(`conversation started       anonymous visitor ${visitor.visitorId} (site code cannot address them yet)`);

  const contactLayout = contactPageOf(repo);
  let contactPage: LoadedPage | undefined;
  if (contactLayout === undefined) {
    step('2. The visitor sends the contact form (the site has no page wiring velo-inbox\'s contact-form helper yet)');
    const fields = { email: 'ada@example.com', first_name: 'Ada', message: 'Do you ship to Oslo?' };
    await site.as(visitor, () => site.forms.submit({ generation: 'wixFormsV2', formName: 'Contact us', fields }));
  } else {
    step('2. The visitor opens the contact page and sends the form');
    contactPage = await loadPage(site, { repo, modulePath: contactLayout.modulePath, caller: visitor, elements: contactLayout.elements });
    await contactPage.fireSubmit('#contactFormV2', { email: 'ada@example.com', first_name: 'Ada', message: 'Do you ship to Oslo?' });
    await contactPage.settled();
  }
  await settle(site);
  const contactId = site.contacts.listContacts()[0]?._id ?? '(none)';
  say(`contact created            ${contactId}`);
  for (const merge of site.inbox.mergeLog()) say(`conversations merged       ${describeParticipant(merge.from)} → ${describeParticipant(merge.to)}`);
  say(`form recorded (business)   ${count(site, { contactId }, 'form')} form message(s) in the contact's conversation`);
  say(`acknowledgement sent       "${lastTitle(site, { contactId })}"`);
  say(`chat history kept          ${messagesOf(site, { contactId }).length} messages in the contact's conversation (visitor's chat merged in)`);
  if (contactPage) say(`page shows                 "${contactPage.element('#formStatus').text}"`);

  step('3. The visitor signs up: the contact becomes a member');
  const member = site.members.register({ email: 'ada@example.com', firstName: 'Ada', visitorId: visitor.visitorId });
  await settle(site);
  say(`member created             ${member._id} (its contact: ${contactId}; member ID ≠ contact ID)`);
  for (const merge of site.inbox.mergeLog().slice(1)) say(`conversations merged       ${describeParticipant(merge.from)} → ${describeParticipant(merge.to)}`);
  say(`welcome sent               "${lastTitle(site, { memberId: member._id })}" (to the member's conversation)`);

  step('4. The member logs in on the site');
  await loadPage(site, { repo, modulePath: 'src/pages/masterPage.js', caller: visitor });
  await site.members.logIn(member._id, { visitorId: visitor.visitorId });
  await settle(site);
  say(`welcome back sent          "${lastTitle(site, { memberId: member._id })}"`);

  step('5. The site owner messages the same person by email');
  const sent = await site.as(owner, () => web.sendToParticipant({ email: 'ADA@example.com' }, 'Yes, we ship to Oslo — 3 to 5 days.'));
  await settle(site);
  if (!sent.ok) throw new Error(`owner's message failed: ${sent.error.code}`);
  say(`resolved                   ${JSON.stringify(sent.value)}`);

  step('Inbox');
  for (const c of site.inbox.listConversations()) {
    const state = c.mergedInto ? `merged into ${c.mergedInto}` : c.detached ? 'DETACHED' : 'active';
    say(`conversation ${c.conversation._id}  ${describeParticipant(c.participantId).padEnd(52)} ${state}`);
    for (const m of site.inbox.messagesOf(c.conversation._id ?? '')) {
      if (c.mergedInto) continue;
      const arrow = m.message.direction === 'BUSINESS_TO_PARTICIPANT' ? 'business → participant' : 'participant → business';
      say(`    #${m.message.sequence}  ${arrow}  ${m.message.visibility?.padEnd(24)} ${m.message.content?.previewText ?? m.message.content?.basic?.items?.[0]?.text ?? ''}`);
    }
  }
  say(`merges: ${site.inbox.mergeLog().length}   detached conversations: ${site.inbox.detachedConversations().length}`);
  say(`emulated API calls: ${site.journal.entries().length}`);

  if (options.save) {
    writeFileSync(options.save, `${JSON.stringify(site.exportState(), null, 2)}\n`);
    say(`site state saved to ${options.save}`);
  }
  return { site, repo, notCalled, masterLoaded: true };
}

type Story = { site: Site; repo: SiteRepo; notCalled: readonly NotCalledHandler[]; masterLoaded: boolean };

/** The site repo on a new emulated site: its handlers, web modules, jobs and collections; what Wix would not load is said. */
function openRepo(): SiteFromRepo {
  const { root } = siteRepoRoot(options.site);
  const warnings: string[] = [];
  const opened = createSiteFromRepo(root, { log: (line) => warnings.push(line) });
  for (const line of warnings) say(`⚠ ${line}`);
  return opened;
}

/** `--load`: the saved site, running the site repo's code, instead of the story. */
function openSaved(state: SiteState): Story {
  const { site, repo, notCalled, defineCollections } = openRepo();
  site.importState(state);
  // A state saved before the site declared a collection still gets it, as after an import in the UI.
  defineCollections(site);
  step('Site loaded');
  say(`${files.load}: ${state.contacts.contacts.length} contact(s), ${state.members.members.length} member(s), ${state.inbox.conversations.length} conversation(s)`);
  return { site, repo, notCalled, masterLoaded: false };
}

/** The options naming state files, checked before anything starts (a mistyped path exits 2, as a bad option does). */
function readStateFiles(): ReturnType<typeof stateFiles> {
  try {
    return stateFiles(options);
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/**
 * The site's contact page as the build declared it in the repo's wix-emulator.json: a page with the contact form's
 * elements (a site may not have wired velo-inbox's contact-form helper into a page yet).
 */
function contactPageOf(repo: SiteRepo): PageLayout | undefined {
  return repo.config().pages.find((page) => Object.keys(CONTACT_PAGE.elements).every((selector) => selector in page.elements));
}

/** The site, its pages and all, in the browser: each browser opens the repo's page as a visitor of its own. */
async function serveUi({ site, repo, notCalled, masterLoaded }: Story): Promise<void> {
  const { serveLocalUi } = await import('wix-emulator/ui');
  // The page shown is the repo's first declared in wix-emulator.json (the contact page the build declared), else its first.
  const ui = await serveLocalUi({ ...onBuiltRepo(site, repo), port, notCalled, loaded: { master: masterLoaded } });
  step('Local UI');
  say(`${ui.uiUrl}  (the site, its Inbox and the backend journal; Ctrl-C to stop)`);
  say(`${ui.url}  also answers as the Wix REST APIs (test controls under /_emulator)`);
}

type Participant = { anonymousVisitorId?: string; contactId?: string; memberId?: string };

function describeParticipant(p: Participant): string {
  if (p.memberId) return `member ${p.memberId}`;
  if (p.contactId) return `contact ${p.contactId}`;
  return `anonymous visitor ${p.anonymousVisitorId ?? '?'}`;
}

function messagesOf(site: Site, participant: { contactId: string } | { memberId: string }) {
  const conversation = site.inbox.conversationOf(participant);
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '') : [];
}

function count(site: Site, participant: { contactId: string } | { memberId: string }, payload: 'form'): number {
  return messagesOf(site, participant).filter((m) => m.message.content?.[payload] !== undefined).length;
}

function lastTitle(site: Site, participant: { contactId: string } | { memberId: string }): string {
  const last = messagesOf(site, participant).at(-1);
  return last?.message.content?.template?.title ?? last?.message.content?.previewText ?? '(nothing)';
}

/**
 * Waits for the event handlers. This project's own handlers must not fail (the story stops); a site repo's own
 * handler may (say, on a CMS collection its wix-emulator.json does not declare): its failure is shown, and the story
 * goes on with what velo-inbox did.
 */
async function settle(site: Site): Promise<void> {
  try {
    await site.events.settle();
  } catch (error) {
    if (options.site === undefined || !(error instanceof AggregateError)) throw error;
    for (const failure of error.errors) say(`⚠ a site event handler failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

function step(title: string): void {
  console.log(`\n${title}`);
}

function say(line: string): void {
  console.log(`   ${line}`);
}

(files.state ? Promise.resolve(openSaved(files.state)) : main())
  .then((story) => {
    if (files.exportOnExit) exportOnExit(() => story.site.exportState(), files.exportOnExit, say);
    return options['no-ui'] ? undefined : serveUi(story);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
