/**
 * `npm start`: the whole story on the local Wix site emulator, with this project's real page and backend code.
 * The owner sets the site up; a visitor writes through the contact form, signs up, logs in; the owner then messages
 * them by email. Then the same site is served in the browser (emulator/ui) until Ctrl-C. `npm start -- --help`.
 */
import { writeFileSync } from 'node:fs';
import { readCommandLine } from './command-line';
import { loadPage, type LoadedPage } from '../emulator/pages/load-page';
import { installVeloResolution } from '../emulator/pages/velo-resolution';
import { useSite } from '../emulator/kernel/active-site';
import type { Caller } from '../emulator/kernel/caller';
import { createSite, type Site, type SiteState } from '../emulator/site';
import { exportOnExit, STATE_USAGE, StateFileError, stateFiles } from './start-state';

const USAGE = `Usage: npm start [-- options]

Runs this project's real page and backend code on the local Wix site emulator, prints what happens step by step, then
serves the same site in the browser until Ctrl-C.

  --save <file>   Also write the final site state as JSON (load it in tests, or inspect it).
  --port <n>      Serve the local UI on 127.0.0.1:<n> (default 4400; 0 picks a free port).
  --no-ui         Tell the story and exit, without serving the UI (for scripts).
${STATE_USAGE}
  -h, --help      This text.`;

const options = readCommandLine(USAGE, {
  save: { type: 'string' },
  port: { type: 'string' },
  'no-ui': { type: 'boolean' },
  load: { type: 'string' },
  'export-on-exit': { type: 'string' },
});
const port = Number(options.port ?? 4400);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a whole number from 0 to 65535, got ${options.port}\n\n${USAGE}`);
  process.exit(2);
}
const files = readStateFiles();
console.log('npm start: loading the site code on the emulator…');

// Site code imports Velo module names (wix-crm-backend, backend/…): teach Node where the emulator keeps them.
installVeloResolution();

const visitor = { kind: 'visitor', visitorId: 'visitor-ada' } as const satisfies Caller;
const owner: Caller = { kind: 'admin', visitorId: 'visitor-owner', userId: 'site-owner' };

async function main(): Promise<Story> {
  const events = (await import('backend/events')) as Record<string, unknown>;
  const web = await import('backend/inbox.web');
  const site = createSite({ eventHandlers: events });
  useSite(site);
  const setup = await import('backend/inbox-setup.web');

  // What the site's own code logs (event handlers) is shown indented, as a site log would show it.
  console.info = (...args: unknown[]) => say(`· site log: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);

  step('0. The site owner sets the site up (setUpInbox, once)');
  const report = await site.as(owner, () => setup.setUpInbox());
  if (!report.ok) throw new Error(`setUpInbox failed: ${report.error.code}`);
  for (const item of report.value.items) say(`${item.item.padEnd(27)}${item.status}`);

  step('1. An anonymous visitor asks in the chat widget');
  site.inbox.participantSendsMessage({ anonymousVisitorId: visitor.visitorId }, 'Hi, anyone there?');
  await site.events.settle();
  say(`conversation started       anonymous visitor ${visitor.visitorId} (site code cannot address them yet)`);

  step('2. The visitor opens the contact page and sends the form');
  const contactPage = await loadPage(site, {
    modulePath: 'src/pages/Contact.bx7e2.ts',
    caller: visitor,
    elements: {
      '#contactForm': { type: 'WixForms', formName: 'Contact us' },
      '#contactFormV2': { type: 'WixFormsV2', formName: 'Contact us' },
      '#formStatus': { type: 'Text', hidden: true },
    },
  });
  await contactPage.fireSubmit('#contactFormV2', { email: 'ada@example.com', first_name: 'Ada', message: 'Do you ship to Oslo?' });
  await contactPage.settled();
  await site.events.settle();
  const contactId = site.contacts.listContacts()[0]?._id ?? '(none)';
  say(`contact created            ${contactId}`);
  for (const merge of site.inbox.mergeLog()) say(`conversations merged       ${describeParticipant(merge.from)} → ${describeParticipant(merge.to)}`);
  say(`form recorded (business)   ${count(site, { contactId }, 'form')} form message(s) in the contact's conversation`);
  say(`acknowledgement sent       "${lastTitle(site, { contactId })}"`);
  say(`chat history kept          ${messagesOf(site, { contactId }).length} messages in the contact's conversation (visitor's chat merged in)`);
  say(`page shows                 "${contactPage.element('#formStatus').text}"`);

  step('3. The visitor signs up: the contact becomes a member');
  const member = site.members.register({ email: 'ada@example.com', firstName: 'Ada', visitorId: visitor.visitorId });
  await site.events.settle();
  say(`member created             ${member._id} (its contact: ${contactId}; member ID ≠ contact ID)`);
  for (const merge of site.inbox.mergeLog().slice(1)) say(`conversations merged       ${describeParticipant(merge.from)} → ${describeParticipant(merge.to)}`);
  say(`welcome sent               "${lastTitle(site, { memberId: member._id })}" (to the member's conversation)`);

  step('4. The member logs in on the site');
  await loadPage(site, { modulePath: 'src/pages/masterPage.ts', caller: visitor });
  await site.members.logIn(member._id, { visitorId: visitor.visitorId });
  await site.events.settle();
  say(`welcome back sent          "${lastTitle(site, { memberId: member._id })}"`);

  step('5. The site owner messages the same person by email');
  const sent = await site.as(owner, () => web.sendToParticipant({ email: 'ADA@example.com' }, 'Yes, we ship to Oslo — 3 to 5 days.'));
  await site.events.settle();
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
  return { site, contactPage, masterLoaded: true };
}

type Story = { site: Site; contactPage?: LoadedPage; masterLoaded: boolean };

/** `--load`: the saved site, with this project's event handlers, instead of the story. */
async function openSaved(state: SiteState): Promise<Story> {
  const events = (await import('backend/events')) as Record<string, unknown>;
  const site = createSite({ eventHandlers: events, state });
  useSite(site);
  step('Site loaded');
  say(`${files.load}: ${state.contacts.contacts.length} contact(s), ${state.members.members.length} member(s), ${state.inbox.conversations.length} conversation(s)`);
  return { site, masterLoaded: false };
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

/** The story's site, its pages and all, in the browser. */
async function serveUi({ site, masterLoaded }: Story): Promise<void> {
  const { serveLocalUi } = await import('../emulator/ui');
  const ui = await serveLocalUi({ site, port, loaded: { master: masterLoaded } });
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

function step(title: string): void {
  console.log(`\n${title}`);
}

function say(line: string): void {
  console.log(`   ${line}`);
}

(files.state ? openSaved(files.state) : main())
  .then((story) => {
    if (files.exportOnExit) exportOnExit(() => story.site.exportState(), files.exportOnExit, say);
    return options['no-ui'] ? undefined : serveUi(story);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
