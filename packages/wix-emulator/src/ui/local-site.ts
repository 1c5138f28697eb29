import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { controlsFor, type Caller, type ParticipantId, type Site, type SiteControls } from '../index';
import { loadPage } from '../pages/load-page';
import { MASTER_PAGE_MODULE, type PageLayout } from '../pages/page-layout';
import { BrowserSession, OWNER_USER_ID, type IdentityRequest, type Notice } from './browser-session';
import { FormTokens } from './form-tokens';
import type { OwnerReply, UiPanel } from './panels';
import type { SiteRepo } from '../site-repo';
import { defineConfiguredCollections } from '../site-repo/install';
import { describeNotCalled, type NotCalledHandler } from '../site-repo/site-repo';
import { openSitePage, sitePages, type OpenPage, type PageSource, type SitePage } from './site-pages';
import { UiRequestError } from './ui-error';

export { UiRequestError } from './ui-error';
export { OWNER_USER_ID } from './browser-session';
export type { Identity, IdentityRequest, Notice } from './browser-session';

export type LocalSiteOptions = {
  readonly site: Site;
  /**
   * The page a new browser opens, listed first; default: the first page of the repo's `wix-emulator.json`, else its
   * first page under `src/pages/` (not the master page), with no elements declared. The site view lists every page
   * either way (site-pages.ts), and each browser switches on its own.
   */
  readonly page?: PageLayout;
  /** `master: true`: the master page ran already (a script's story), so its `onLogin` handler is not registered twice. */
  readonly loaded?: { readonly master?: boolean };
  /** Handlers the site exports in forms Wix never calls: the backend view lists them. */
  readonly notCalled?: readonly NotCalledHandler[];
  /**
   * What a reset or an import leaves the site with besides the state; default: the collections the repo's
   * `wix-emulator.json` declares (none without a repo).
   */
  readonly afterReset?: (site: Site) => void;
  /** What the site's own tooling adds to the views (panels.ts). */
  readonly panels?: readonly UiPanel[];
  /** How the owner's reply box sends; default: as Wix's Inbox dashboard, a message from the business. */
  readonly ownerReply?: OwnerReply;
} & (
  | {
      /** A loaded site repo (site-repo/): its pages are its shipped JavaScript, loaded under Wix's rules. */
      readonly repo: SiteRepo;
      readonly root?: undefined;
    }
  | {
      readonly repo?: undefined;
      /**
       * A site tree of TypeScript sources (`src/pages`, `src/backend`, `src/public`), for tests of a site's code as
       * written; its pages' imports resolve there. The page must then be given.
       */
      readonly root: string;
    }
);

/** Browsers remembered at once; far more than people at one local site. */
const MAX_SESSIONS = 500;

/** The reads a panel makes while rendering, as the site owner (a caller of its own, so they can be told apart). */
const QUIET_READER: Caller = { kind: 'admin', visitorId: 'ui-status-reader', userId: OWNER_USER_ID };

/** Where the journal and the clock stood before the UI's own status reads, and where those reads left them. */
interface ReadMark {
  readonly base: { readonly seq: number; readonly clockMs: number };
  readonly after: { readonly seq: number; readonly clockMs: number };
}

/**
 * The emulated site as the local UI drives it: the browsers at it (one `BrowserSession` each, with its own visitor,
 * identity and page), and the actions the UI offers. Every action goes through the site's own surfaces — page
 * runtime, web methods, test controls — one at a time, and waits for the backend events it caused, so a view rendered
 * afterwards shows their effect.
 */
export class LocalSite {
  readonly site: Site;
  readonly controls: SiteControls;
  /** The pages the site view lists, the first being the one a new browser opens. */
  readonly pages: readonly SitePage[];
  /** The loaded site repo, when the UI runs one (not a tree of sources): its web modules and jobs are the backend view's. */
  readonly repo: SiteRepo | undefined;
  readonly panels: readonly UiPanel[];
  readonly tokens = new FormTokens<Notice>();
  /** What a reset or an import leaves the site with besides the state (the REST controls' reset uses it too). */
  readonly afterReset: (site: Site) => void;
  /** Where each browser's page is loaded from: the loaded site repo, or a tree of sources. */
  readonly #pageSource: PageSource;
  readonly #ownerReply: OwnerReply;
  readonly #sessions = new Map<string, Promise<BrowserSession>>();
  /** Visitor IDs handed to browsers (two new browsers at once must not get the same one). */
  readonly #visitorIdsInUse = new Set<string>();
  #revision = 0;
  /** The action running now (or the last one): the next waits for it. Never rejects (`run` turns failures into notices). */
  #queue: Promise<unknown> = Promise.resolve();
  #readMark: ReadMark | undefined;
  /** `not called by Wix: …` lines for the site's handlers in unsupported export forms. */
  readonly notCalled: readonly string[];

  private constructor(options: LocalSiteOptions, pages: readonly SitePage[], afterReset: (site: Site) => void) {
    this.site = options.site;
    this.notCalled = (options.notCalled ?? []).map(describeNotCalled);
    this.controls = controlsFor(options.site);
    this.pages = pages;
    this.repo = options.repo;
    this.panels = options.panels ?? [];
    this.afterReset = afterReset;
    this.#pageSource = options.repo ? { repo: options.repo } : { root: options.root };
    this.#ownerReply = options.ownerReply ?? replyAsTheBusiness;
  }

  static async open(options: LocalSiteOptions): Promise<LocalSite> {
    const { site, repo } = options;
    const root = repo ? repo.root : options.root;
    // The master page's onLogin handler is kept per site and runs for whichever browser logs in: loaded once.
    const master = repo ? MASTER_PAGE_MODULE : MASTER_PAGE_MODULE.replace(/\.js$/, '.ts');
    if (!options.loaded?.master && existsSync(join(root, master))) {
      await loadPage(site, { modulePath: master, caller: { kind: 'visitor', visitorId: 'master-page' }, ...(repo ? { repo } : { root }) });
    }
    const pages = sitePages(repo ? { repo } : { root }, options.page);
    if (pages.length === 0) throw new UiRequestError('NOT_FOUND', `${root}: no page to show (no page code under src/pages/, or none given).`);
    const afterReset = options.afterReset ?? (repo ? (s: Site) => defineConfiguredCollections(s, repo.config()) : () => undefined);
    return new LocalSite(options, pages, afterReset);
  }

  /** The browser with this session ID; a new anonymous visitor with a fresh page when the ID is new. */
  session(id: string): Promise<BrowserSession> {
    const known = this.#sessions.get(id);
    if (known) return known;
    const visitorId = this.#unusedVisitorId();
    const opened = this.#openPage(this.#firstPage(), { kind: 'visitor', visitorId }).then((open) => new BrowserSession(id, visitorId, open));
    this.#sessions.set(id, opened);
    // Every client without the cookie (curl, a script) is a new browser: the oldest are forgotten, as expired sessions.
    if (this.#sessions.size > MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    // A page that fails to load is a session on that page, showing why; anything else must not stay cached.
    opened.catch(() => this.#sessions.delete(id));
    return opened;
  }

  /** A new browser session ID (the cookie's value). */
  static newSessionId(): string {
    return randomUUID();
  }

  /** Who Inbox knows this browser as; `undefined` for the owner (the business itself). */
  participantOf(session: BrowserSession): ParticipantId | undefined {
    return session.participantId(
      (visitorId) => this.site.contacts.inspectSession(visitorId),
      (contactId) => this.site.members.memberIdOfContact(contactId),
    );
  }

  /**
   * Changes whenever anything a view shows may have changed: an action here, or any emulated call (event handlers
   * and retries keep calling after an action returns). The live views poll it.
   */
  version(): string {
    const { seq, clockMs } = this.#sinceOwnReads();
    return `${this.#revision}.${seq}.${clockMs}`;
  }

  /**
   * The journal and the clock as they stood, not counting the UI's own status reads: rendering the backend view calls
   * the site (and emulated latency moves the clock), and a live view that counted that as a change would refresh
   * itself forever.
   */
  #sinceOwnReads(): { seq: number; clockMs: number } {
    const now = { seq: this.site.journal.last()?.seq ?? 0, clockMs: this.site.clock.nowMs() };
    const mark = this.#readMark;
    return mark && mark.after.seq === now.seq && mark.after.clockMs === now.clockMs ? mark.base : now;
  }

  // ── Who you are ──────────────────────────────────────────────────────────────────────────────────────────────────

  async switchTo(session: BrowserSession, identity: IdentityRequest): Promise<Notice> {
    if (identity.kind === 'member') return this.#logIn(session, identity.memberId);
    if (identity.kind === 'new-visitor') {
      return this.run(async () => {
        const visitorId = this.#unusedVisitorId();
        session.restart(visitorId, await this.#openPage(session.open.page, { kind: 'visitor', visitorId }));
        return ok(`You are a new anonymous visitor (${visitorId}), on a fresh page.`);
      });
    }
    return this.run(async () => {
      session.become(identity, identity.kind === 'owner' ? session.ownerCaller : { kind: 'visitor', visitorId: session.visitorId });
      return ok(identity.kind === 'owner' ? 'You are the site owner.' : `You are an anonymous visitor (${session.visitorId}).`);
    });
  }

  /** The member login: the member with this login email logs in on this browser (its visitor session). */
  async logInByEmail(session: BrowserSession, email: string): Promise<Notice> {
    const wanted = required(email, 'email').toLowerCase();
    const member = this.controls.inspect.members().find((m) => m.loginEmail?.toLowerCase() === wanted);
    if (!member?._id) throw new UiRequestError('NOT_FOUND', 'No member has this login email. Sign up first.');
    return this.#logIn(session, member._id);
  }

  /**
   * A visitor signs up on this browser: Wix creates the member (and its contact), the member's events fire, and — as
   * on a site that approves members automatically, Wix's default — the new member is logged in at once
   * (dev.wix.com/docs/velo/api-reference/wix-members-frontend/authentication/new-members: status "ACTIVE", "The
   * member is immediately logged in to the site").
   */
  async signUp(session: BrowserSession, input: { email: string; firstName: string }): Promise<Notice> {
    const email = required(input.email, 'email');
    if (this.controls.inspect.members().some((m) => m.loginEmail?.toLowerCase() === email.toLowerCase())) {
      throw new UiRequestError('INVALID_INPUT', 'A member with this login email exists already: log in instead.');
    }
    return this.run(async () => {
      const member = this.controls.seed.member({ email, firstName: input.firstName.trim() || undefined, visitorId: session.visitorId });
      await this.controls.settle();
      const memberId = member._id ?? '';
      const caller = await this.controls.act.logIn(memberId, { visitorId: session.visitorId });
      await this.controls.settle();
      session.become({ kind: 'member', memberId }, caller);
      return ok(`Signed up and logged in as member ${memberId}.`);
    });
  }

  // ── The page and the chat ─────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The browser goes to another page of the site (or reloads the one it is on): the page's code runs afresh for this
   * browser, as the person it is now, as a navigation on Wix loads the page anew. Other browsers stay where they are.
   */
  async goTo(session: BrowserSession, key: string): Promise<Notice> {
    const page = this.pages.find((p) => p.key === key);
    if (!page) throw new UiRequestError('NOT_FOUND', `The site has no page ${key}.`);
    return this.run(async () => {
      const open = await this.#openPage(page, session.caller);
      session.navigate(open);
      await this.controls.settle();
      if ('failed' in open) return { tone: 'error', text: `The ${page.key} page did not load: ${open.failed.code}.` };
      return ok(`You are on the ${page.key} page.`);
    });
  }

  async submitForm(session: BrowserSession, selector: string, values: Record<string, string>): Promise<Notice> {
    this.#requireElement(session, selector, ['WixForms', 'WixFormsV2']);
    return this.run(async () => {
      const outcome = await session.page.fireSubmit(selector, values);
      await session.page.settled();
      await this.controls.settle();
      if (outcome.status === 'submitted') return ok(`Form submitted (submission ${outcome.submissionId}).`);
      if (outcome.status === 'cancelled') return ok('The page cancelled the submission.');
      return { tone: 'error', text: `The form was not submitted: ${outcome.code}.` };
    });
  }

  async click(session: BrowserSession, selector: string): Promise<Notice> {
    this.#requireElement(session, selector, ['Button', 'Text']);
    return this.run(async () => {
      session.page.fireClick(selector);
      await session.page.settled();
      await this.controls.settle();
      return ok(`Clicked ${selector}.`);
    });
  }

  async input(session: BrowserSession, selector: string, value: string): Promise<Notice> {
    this.#requireElement(session, selector, ['TextInput']);
    return this.run(async () => {
      session.page.fireInput(selector, value);
      await session.page.settled();
      await this.controls.settle();
      return ok(`Typed into ${selector}.`);
    });
  }

  /** The person at the browser writes in the site's chat widget (visitors and members only). */
  async chat(session: BrowserSession, text: string): Promise<Notice> {
    const body = required(text, 'text');
    const ownerAnswers = 'The site owner answers in the Inbox, not in the chat widget.';
    if (!this.participantOf(session)) throw new UiRequestError('NOT_A_PARTICIPANT', ownerAnswers);
    return this.run(async () => {
      // Read again when the action runs: an identity switch queued before it has happened by now.
      const participant = this.participantOf(session);
      if (!participant) return { tone: 'error', text: ownerAnswers };
      this.controls.act.participantSendsMessage(participant, body);
      await this.controls.settle();
      return ok('Message sent to the business.');
    });
  }

  // ── The Inbox, as the owner ───────────────────────────────────────────────────────────────────────────────────────

  /** The owner answers a conversation from the Inbox (see `OwnerReply`: as Wix's dashboard, unless the site has its own way). */
  async ownerReplies(session: BrowserSession, conversationId: string, text: string): Promise<Notice> {
    requireOwner(session);
    const body = required(text, 'text');
    const conversation = this.controls.inspect.conversations().find((c) => c.conversation._id === conversationId);
    if (!conversation) throw new UiRequestError('NOT_FOUND', 'No such conversation.');
    return this.run(async () => {
      const notice = await this.#ownerReply(this, session, conversation, body);
      await this.controls.settle();
      return notice;
    });
  }

  /** The participant of a conversation writes to the business (as from their chat widget or a reply). */
  async participantWrites(session: BrowserSession, conversationId: string, text: string): Promise<Notice> {
    requireOwner(session);
    const body = required(text, 'text');
    const conversation = this.controls.inspect.conversations().find((c) => c.conversation._id === conversationId);
    if (!conversation) throw new UiRequestError('NOT_FOUND', 'No such conversation.');
    if (conversation.mergedInto) throw new UiRequestError('INVALID_INPUT', 'This conversation was merged; write in the conversation it was merged into.');
    return this.run(async () => {
      this.controls.act.participantSendsMessage(conversation.participantId, body);
      await this.controls.settle();
      return ok('The participant wrote to the business.');
    });
  }

  /**
   * Runs a panel's reads of the site (its web methods, as the site owner) without the live views taking them for a
   * change: rendering a view that calls the site moves the journal (and, with latency, the clock), and a view that
   * counted its own reads would refresh itself forever. Only when every call meanwhile was one of these reads; anything
   * else (a retry, an event) is a change to show.
   */
  async readQuietly<T>(read: (reader: Caller) => Promise<T>): Promise<T> {
    const base = this.#sinceOwnReads();
    const startSeq = this.site.journal.last()?.seq ?? 0;
    const result = await read(QUIET_READER);
    const made = this.site.journal.entries().filter((e) => e.seq > startSeq);
    const mine = made.every((e) => e.caller.kind === 'admin' && e.caller.visitorId === QUIET_READER.visitorId);
    this.#readMark = mine ? { base, after: { seq: made.at(-1)?.seq ?? startSeq, clockMs: this.site.clock.nowMs() } } : undefined;
    return result;
  }

  // ── The whole site ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Replaces the site's state (a reset is the empty state) and forgets every browser: the identities and pages they
   * held belong to the old state, so each comes back as a new anonymous visitor.
   */
  async replaceState(change: () => Promise<void>, done: string): Promise<Notice> {
    return this.run(async () => {
      await change();
      this.afterReset(this.site);
      this.#sessions.clear();
      return ok(done);
    });
  }

  /**
   * Runs an action after the ones already running (a double click, two tabs, two browsers: the site acts one step at
   * a time, and an identity switch never lands in the middle of a submission). A failure of the site (a Wix error, a
   * failing handler) becomes the notice, never a lost error.
   */
  run(action: () => Promise<Notice>): Promise<Notice> {
    const running = this.#queue.then(async () => {
      this.#revision += 1;
      let notice: Notice;
      try {
        notice = await action();
      } catch (error) {
        notice = { tone: 'error', text: describeFailure(error) };
      }
      this.#revision += 1;
      return notice;
    });
    this.#queue = running;
    return running;
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────────────────────────

  async #logIn(session: BrowserSession, memberId: string): Promise<Notice> {
    if (!this.controls.inspect.members().some((m) => m._id === memberId)) throw new UiRequestError('NOT_FOUND', 'No such member.');
    return this.run(async () => {
      const caller = await this.controls.act.logIn(memberId, { visitorId: session.visitorId });
      await this.controls.settle();
      session.become({ kind: 'member', memberId }, caller);
      return ok(`Logged in as member ${memberId}.`);
    });
  }

  #openPage(page: SitePage, caller: Caller): Promise<OpenPage> {
    return openSitePage(this.site, this.#pageSource, page, caller);
  }

  #firstPage(): SitePage {
    const [first] = this.pages;
    if (!first) throw new Error('A local site has at least one page (open() checks).');
    return first;
  }

  #requireElement(session: BrowserSession, selector: string, types: readonly string[]): void {
    if (!Object.prototype.hasOwnProperty.call(session.open.page.layout.elements, selector)) {
      throw new UiRequestError('NOT_FOUND', `No element ${selector} on this page.`);
    }
    const type = session.page.element(selector).type;
    if (!types.includes(type)) throw new UiRequestError('INVALID_INPUT', `${selector} is a ${type}; it cannot do that.`);
  }

  /**
   * A visitor the site has not seen: a new GUID from the site's ID generator (an anonymous visitor ID is a GUID:
   * `anonymousVisitorId` is `@format GUID` in the @wix/inbox typings) that no conversation, contact session or browser
   * of the site has (a reset or an import keeps the generator where it was, not the IDs it handed out).
   */
  #unusedVisitorId(): string {
    const used = new Set(
      this.site.inbox.listConversations().flatMap((c) => ('anonymousVisitorId' in c.participantId ? [c.participantId.anonymousVisitorId] : [])),
    );
    let id = this.site.kernel.guid();
    while (used.has(id) || this.#visitorIdsInUse.has(id) || this.site.contacts.inspectSession(id) !== undefined) id = this.site.kernel.guid();
    this.#visitorIdsInUse.add(id);
    return id;
  }

}

function ok(text: string): Notice {
  return { tone: 'ok', text };
}

function required(value: string | undefined, field: string): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new UiRequestError('INVALID_INPUT', `${field} is required.`);
  return trimmed;
}

/** The Inbox is the owner's dashboard: acting in it needs the owner's session, as on Wix. */
function requireOwner(session: BrowserSession): void {
  if (session.identity.kind !== 'owner') throw new UiRequestError('NOT_THE_OWNER', 'Only the site owner works in the Inbox: switch to the site owner first.');
}

/** A Wix-shaped error names its status and code; an AggregateError (handlers) lists each failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError) return `${error.message}: ${error.errors.map(describeFailure).join('; ')}`;
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { status?: number; details?: { applicationError?: { code?: string } } };
  const code = e.details?.applicationError?.code;
  return [e.status, code].filter((part) => part !== undefined).join(' ') + (e.status !== undefined || code ? ' — ' : '') + e.message;
}

/** What Wix's Inbox dashboard does when the owner replies: a message from the business, visible to both. */
const replyAsTheBusiness: OwnerReply = async (local, session, conversation, text) => {
  const conversationId = conversation.conversation._id ?? '';
  if (conversation.mergedInto) return { tone: 'error', text: `This conversation was merged into ${conversation.mergedInto}: reply there.` };
  await local.site.as(session.ownerCaller, () =>
    local.site.inbox.sendMessage(conversationId, { direction: 'BUSINESS_TO_PARTICIPANT', visibility: 'BUSINESS_AND_PARTICIPANT', content: { basic: { items: [{ text }] } } }),
  );
  return ok(`Replied in conversation ${conversationId} as the business, as from Wix's Inbox dashboard.`);
};
