import { controlsFor, type Caller, type FaultSpec, type ParticipantId, type Site, type SiteControls } from '../index';
import { loadPage, type LoadedPage } from '../pages/load-page';
import { broadcastEntries, type BroadcastEntry } from './broadcast-model';
import { loadSiteCode, type SiteCode } from './site-code';
import { CONTACT_PAGE, MASTER_PAGE_MODULE, type PageLayout } from './site-layout';

/** Who the person at the browser is acting as. */
export type Identity = { readonly kind: 'visitor' } | { readonly kind: 'member'; readonly memberId: string } | { readonly kind: 'owner' };

/** What the identity switch can ask for: an identity, or a new anonymous visitor (another browser, cookies cleared). */
export type IdentityRequest = Identity | { readonly kind: 'new-visitor' };

/** The one-line outcome of the last action, shown once on the next page. */
export interface Notice {
  readonly tone: 'ok' | 'error';
  readonly text: string;
}

/** A request the UI cannot act on (a missing field, an unknown element or conversation): answered 400 or 404. */
export class UiRequestError extends Error {
  override readonly name = 'UiRequestError';
  constructor(
    readonly code: 'INVALID_INPUT' | 'NOT_FOUND' | 'NOT_A_PARTICIPANT',
    message: string,
  ) {
    super(message);
  }

  get status(): 400 | 404 {
    return this.code === 'NOT_FOUND' ? 404 : 400;
  }
}

export interface LocalSiteOptions {
  readonly site: Site;
  /** The site's backend entry points; default: this project's (`backend/inbox.web`, `backend/inbox-jobs`). */
  readonly code?: SiteCode;
  /** The browser's anonymous visitor ID; default: the first `visitor-N` the site has not seen. */
  readonly visitorId?: string;
  /** The page shown in the site view; default: this site's contact page. */
  readonly page?: PageLayout;
  /**
   * What is already loaded on this site (by the story): the page is reused, and `master: true` says the master page
   * ran already, so its `onLogin` handler is not registered a second time (it would greet every login twice).
   */
  readonly loaded?: { readonly page?: LoadedPage; readonly master?: boolean };
}

/** The site owner, as Wix identifies a logged-in owner in the editor's preview or the dashboard. */
const OWNER_USER_ID = 'site-owner';

/** Whom a broadcast started from the UI reaches: everyone with a contact label, or a list of emails. */
export type BroadcastAudience = { readonly label: string } | { readonly emails: readonly string[] };

/** A broadcast with its counts as the site's `broadcastStatus` web method tells them, or why it could not. */
export type BroadcastLine = BroadcastEntry &
  ({ readonly ok: true; readonly pending: number; readonly sent: number; readonly skipped: number; readonly dead: number; readonly total: number } | { readonly ok: false; readonly error: string });

/** Broadcasts the backend view reads counts for (newest first): each costs the web method's queries. */
const BROADCASTS_SHOWN = 20;

/** Where the journal and the clock stood before the UI's own status reads, and where those reads left them. */
interface ReadMark {
  readonly base: { readonly seq: number; readonly clockMs: number };
  readonly after: { readonly seq: number; readonly clockMs: number };
}

/**
 * One person at the browser driving one emulated site: who they are (a switch), the page they are on (the real page
 * code, loaded once, run as them), and the actions the local UI offers. Every action goes through the site's own
 * surfaces — page runtime, web methods, test controls — and waits for the backend events it caused, so a view
 * rendered afterwards shows their effect.
 */
export class LocalSite {
  readonly site: Site;
  readonly controls: SiteControls;
  readonly layout: PageLayout;
  readonly #code: SiteCode;
  readonly #page: LoadedPage;
  #visitorId: string;
  #identity: Identity = { kind: 'visitor' };
  #caller: Caller;
  #notice: Notice | undefined;
  #revision = 0;
  /** The action running now (or the last one): the next waits for it. Never rejects (`#act` turns failures into notices). */
  #queue: Promise<unknown> = Promise.resolve();
  #readMark: ReadMark | undefined;

  private constructor(site: Site, code: SiteCode, layout: PageLayout, page: LoadedPage, visitorId: string) {
    this.site = site;
    this.controls = controlsFor(site);
    this.layout = layout;
    this.#code = code;
    this.#page = page;
    this.#visitorId = visitorId;
    this.#caller = { kind: 'visitor', visitorId };
    page.setCaller(this.#caller);
  }

  static async open(options: LocalSiteOptions): Promise<LocalSite> {
    const { site } = options;
    const layout = options.page ?? CONTACT_PAGE;
    const visitorId = options.visitorId ?? unusedVisitorId(site);
    const caller: Caller = { kind: 'visitor', visitorId };
    if (!options.loaded?.master) await loadPage(site, { modulePath: MASTER_PAGE_MODULE, caller });
    const page = options.loaded?.page ?? (await loadPage(site, { modulePath: layout.modulePath, caller, elements: layout.elements }));
    return new LocalSite(site, options.code ?? loadSiteCode(), layout, page, visitorId);
  }

  get identity(): Identity {
    return this.#identity;
  }

  get caller(): Caller {
    return this.#caller;
  }

  get visitorId(): string {
    return this.#visitorId;
  }

  get page(): LoadedPage {
    return this.#page;
  }

  /**
   * Who Inbox knows the person at the browser as (whose thread the chat widget shows and writes to); the owner is the
   * business, not a participant. A visitor whose session Wix tied to a contact (a form sent, a sign-up) chats as that
   * contact, unless the contact is a member: a logged-out browser cannot speak for the member.
   */
  get participantId(): ParticipantId | undefined {
    switch (this.#identity.kind) {
      case 'visitor': {
        const contactId = this.site.contacts.inspectSession(this.#visitorId);
        if (contactId !== undefined && this.site.members.memberIdOfContact(contactId) === undefined) return { contactId };
        return { anonymousVisitorId: this.#visitorId };
      }
      case 'member':
        return { memberId: this.#identity.memberId };
      case 'owner':
        return undefined;
    }
  }

  /** The notice of the last action, once. */
  takeNotice(): Notice | undefined {
    const notice = this.#notice;
    this.#notice = undefined;
    return notice;
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

  async switchTo(identity: IdentityRequest): Promise<Notice> {
    if (identity.kind === 'member') return this.#logIn(identity.memberId);
    if (identity.kind === 'new-visitor') {
      return this.#act(async () => {
        this.#visitorId = unusedVisitorId(this.site);
        this.#become({ kind: 'visitor' }, { kind: 'visitor', visitorId: this.#visitorId });
        return ok(`You are a new anonymous visitor (${this.#visitorId}).`);
      });
    }
    return this.#act(async () => {
      this.#become(identity, identity.kind === 'owner' ? { kind: 'admin', visitorId: this.#visitorId, userId: OWNER_USER_ID } : { kind: 'visitor', visitorId: this.#visitorId });
      return ok(identity.kind === 'owner' ? 'You are the site owner.' : `You are an anonymous visitor (${this.#visitorId}).`);
    });
  }

  /** The member login: the member with this login email logs in on this browser (its visitor session). */
  async logInByEmail(email: string): Promise<Notice> {
    const wanted = required(email, 'email').toLowerCase();
    const member = this.controls.inspect.members().find((m) => m.loginEmail?.toLowerCase() === wanted);
    if (!member?._id) return this.#remember({ tone: 'error', text: 'No member has this login email. Sign up first.' });
    return this.#logIn(member._id);
  }

  /** A visitor signs up on this browser: Wix creates the member (and its contact) and the member's events fire. */
  async signUp(input: { email: string; firstName: string }): Promise<Notice> {
    const email = required(input.email, 'email');
    return this.#act(async () => {
      const member = this.controls.seed.member({ email, firstName: input.firstName.trim() || undefined, visitorId: this.#visitorId });
      await this.controls.settle();
      return ok(`Signed up: member ${member._id}. Log in to continue as them.`);
    });
  }

  // ── The page and the chat ─────────────────────────────────────────────────────────────────────────────────────────

  async submitForm(selector: string, values: Record<string, string>): Promise<Notice> {
    this.#requireElement(selector, ['WixForms', 'WixFormsV2']);
    return this.#act(async () => {
      const outcome = await this.#page.fireSubmit(selector, values);
      await this.#page.settled();
      await this.controls.settle();
      if (outcome.status === 'submitted') return ok(`Form submitted (submission ${outcome.submissionId}).`);
      if (outcome.status === 'cancelled') return ok('The page cancelled the submission.');
      return { tone: 'error', text: `The form was not submitted: ${outcome.code}.` };
    });
  }

  async click(selector: string): Promise<Notice> {
    this.#requireElement(selector, ['Button', 'Text']);
    return this.#act(async () => {
      this.#page.fireClick(selector);
      await this.#page.settled();
      await this.controls.settle();
      return ok(`Clicked ${selector}.`);
    });
  }

  async input(selector: string, value: string): Promise<Notice> {
    this.#requireElement(selector, ['TextInput']);
    return this.#act(async () => {
      this.#page.fireInput(selector, value);
      await this.#page.settled();
      await this.controls.settle();
      return ok(`Typed into ${selector}.`);
    });
  }

  /** The person at the browser writes in the site's chat widget (visitors and members only). */
  async chat(text: string): Promise<Notice> {
    const body = required(text, 'text');
    const ownerAnswers = 'The site owner answers in the Inbox, not in the chat widget.';
    if (!this.participantId) throw new UiRequestError('NOT_A_PARTICIPANT', ownerAnswers);
    return this.#act(async () => {
      // Read again when the action runs: an identity switch queued before it has happened by now.
      const participant = this.participantId;
      if (!participant) return { tone: 'error', text: ownerAnswers };
      this.controls.act.participantSendsMessage(participant, body);
      await this.controls.settle();
      return ok('Message sent to the business.');
    });
  }

  // ── The Inbox, as the owner ───────────────────────────────────────────────────────────────────────────────────────

  /** The owner messages someone through the site's own web method, as an admin: `{ email }`, `{ memberId }`, … */
  async ownerSends(query: Record<string, string>, text: string): Promise<Notice> {
    const body = required(text, 'text');
    return this.#act(async () => {
      const owner: Caller = { kind: 'admin', visitorId: this.#visitorId, userId: OWNER_USER_ID };
      // The form's fields go in as typed: the web method validates them at run time, as it would a page's call.
      const result = await this.site.as(owner, () => this.#code.sendToParticipant(query as Parameters<SiteCode['sendToParticipant']>[0], body));
      await this.controls.settle();
      if (!result.ok) return { tone: 'error', text: `sendToParticipant: ${result.error.code} — ${result.error.message}` };
      return ok(`sendToParticipant: ${result.value.status}${'conversationId' in result.value ? ` to conversation ${String(result.value.conversationId)}` : ''}.`);
    });
  }

  /** The participant of a conversation writes to the business (as from their chat widget or a reply). */
  async participantWrites(conversationId: string, text: string): Promise<Notice> {
    const body = required(text, 'text');
    const conversation = this.controls.inspect.conversations().find((c) => c.conversation._id === conversationId);
    if (!conversation) throw new UiRequestError('NOT_FOUND', 'No such conversation.');
    if (conversation.mergedInto) throw new UiRequestError('INVALID_INPUT', 'This conversation was merged; write in the conversation it was merged into.');
    return this.#act(async () => {
      this.controls.act.participantSendsMessage(conversation.participantId, body);
      await this.controls.settle();
      return ok('The participant wrote to the business.');
    });
  }

  // ── Broadcasts, as the owner ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a broadcast through the site's `sendToMany` web method, as whoever is at the browser: the web method lets
   * only site admins broadcast, so a visitor or member gets its refusal. `broadcastId` makes a double submission of
   * one form the same broadcast (nobody gets it twice).
   */
  async broadcast(audience: BroadcastAudience, text: string, broadcastId: string): Promise<Notice> {
    const body = required(text, 'text');
    const recipients = 'label' in audience ? { label: required(audience.label, 'label') } : audience.emails.map((email) => ({ email }));
    return this.#act(async () => {
      const result = await this.site.as(this.#caller, () => this.#code.sendToMany(recipients, body, { idempotencyKey: broadcastId }));
      await this.controls.settle();
      if (!result.ok) return { tone: 'error', text: `sendToMany: ${result.error.code} — ${result.error.message}` };
      const { total, unreached, delivery } = result.value;
      const missed = unreached.length > 0 ? ` ${unreached.length} recipient(s) reach nobody (${[...new Set(unreached.map((u) => u.code))].join(', ')}).` : '';
      return ok(`sendToMany: broadcast ${result.value.broadcastId} to ${total} people: ${delivery.sent} sent, ${delivery.skipped} skipped, ${delivery.dead} dead, ${delivery.left} left for the job.${missed}`);
    });
  }

  /** The newest broadcasts with their counts, read through the site's `broadcastStatus` web method as the owner. */
  async broadcasts(): Promise<BroadcastLine[]> {
    const entries = broadcastEntries(this.controls).slice(0, BROADCASTS_SHOWN);
    if (entries.length === 0) return [];
    const base = this.#sinceOwnReads();
    const startSeq = this.site.journal.last()?.seq ?? 0;
    const owner: Caller = { kind: 'admin', visitorId: this.#visitorId, userId: OWNER_USER_ID };
    const lines: BroadcastLine[] = [];
    for (const entry of entries) {
      const result = await this.site.as(owner, () => this.#code.broadcastStatus(entry.id));
      if (!result.ok) {
        lines.push({ ...entry, ok: false, error: `${result.error.code} — ${result.error.message}` });
        continue;
      }
      const { pending, sent, skipped, dead, total } = result.value;
      lines.push({ ...entry, ok: true, pending, sent, skipped, dead, total });
    }
    // Only when every call meanwhile was one of these reads; anything else (a retry, an event) is a change to show.
    const made = this.site.journal.entries().filter((e) => e.seq > startSeq);
    const mine = made.every((e) => e.caller.kind === 'admin' && e.caller.userId === OWNER_USER_ID && e.caller.visitorId === owner.visitorId);
    this.#readMark = mine ? { base, after: { seq: made.at(-1)?.seq ?? startSeq, clockMs: this.site.clock.nowMs() } } : undefined;
    return lines;
  }

  // ── Backend controls ──────────────────────────────────────────────────────────────────────────────────────────────

  async addFault(operation: string, spec: FaultSpec): Promise<Notice> {
    const name = required(operation, 'operation');
    return this.#act(async () => {
      this.controls.faults.inject(name, spec);
      return ok(`Fault added on ${name}.`);
    });
  }

  async removeFault(id: number): Promise<Notice> {
    if (!this.controls.faults.list().some((f) => f.id === id)) throw new UiRequestError('NOT_FOUND', 'No such fault (it may have been used up).');
    return this.#act(async () => {
      this.controls.faults.remove(id);
      return ok('Fault removed.');
    });
  }

  async advanceClock(ms: number): Promise<Notice> {
    if (!Number.isFinite(ms) || ms <= 0) throw new UiRequestError('INVALID_INPUT', 'Advance the clock by a positive number of minutes.');
    return this.#act(async () => {
      this.controls.clock.advance(ms);
      return ok(`Clock advanced to ${this.controls.clock.now().toISOString()}.`);
    });
  }

  async setLatency(ms: number): Promise<Notice> {
    if (!Number.isFinite(ms) || ms < 0) throw new UiRequestError('INVALID_INPUT', 'Latency is a non-negative number of milliseconds.');
    return this.#act(async () => {
      this.site.kernel.latencyMs = ms;
      return ok(`Every emulated call now takes ${ms} ms of emulated time.`);
    });
  }

  /** The hourly job (jobs.config), run now as Wix's scheduler runs it: a system caller with no session. */
  async runJob(): Promise<Notice> {
    return this.#act(async () => {
      const result = await this.site.as({ kind: 'system', reason: 'job' }, () => this.#code.drainInboxOutbox());
      await this.controls.settle();
      return ok(`Outbox job: ${result.taken} intent(s) taken, ${result.failed} failed.`);
    });
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────────────────────────

  async #logIn(memberId: string): Promise<Notice> {
    if (!this.controls.inspect.members().some((m) => m._id === memberId)) throw new UiRequestError('NOT_FOUND', 'No such member.');
    return this.#act(async () => {
      const caller = await this.controls.act.logIn(memberId, { visitorId: this.#visitorId });
      await this.controls.settle();
      this.#become({ kind: 'member', memberId }, caller);
      return ok(`Logged in as member ${memberId}.`);
    });
  }

  #become(identity: Identity, caller: Caller): void {
    this.#identity = identity;
    this.#caller = caller;
    this.#page.setCaller(caller);
  }

  #requireElement(selector: string, types: readonly string[]): void {
    if (!Object.prototype.hasOwnProperty.call(this.layout.elements, selector)) {
      throw new UiRequestError('NOT_FOUND', `No element ${selector} on this page.`);
    }
    const type = this.#page.element(selector).type;
    if (!types.includes(type)) throw new UiRequestError('INVALID_INPUT', `${selector} is a ${type}; it cannot do that.`);
  }

  /**
   * Runs an action after the ones already running (a double click, two tabs: one person acts one step at a time, and
   * an identity switch never lands in the middle of a submission). A failure of the site (a Wix error, a failing
   * handler) becomes the notice, never a lost error.
   */
  #act(action: () => Promise<Notice>): Promise<Notice> {
    const run = this.#queue.then(async () => {
      this.#revision += 1;
      let notice: Notice;
      try {
        notice = await action();
      } catch (error) {
        notice = { tone: 'error', text: describeFailure(error) };
      }
      this.#revision += 1;
      return this.#remember(notice);
    });
    this.#queue = run;
    return run;
  }

  #remember(notice: Notice): Notice {
    this.#notice = notice;
    return notice;
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

/** A Wix-shaped error names its status and code; an AggregateError (handlers) lists each failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError) return `${error.message}: ${error.errors.map(describeFailure).join('; ')}`;
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { status?: number; details?: { applicationError?: { code?: string } } };
  const code = e.details?.applicationError?.code;
  return [e.status, code].filter((part) => part !== undefined).join(' ') + (e.status !== undefined || code ? ' — ' : '') + e.message;
}

/** The first `visitor-N` that no conversation of the site belongs to and no contact's session was tied to. */
function unusedVisitorId(site: Site): string {
  const used = new Set(
    site.inbox.listConversations().flatMap((c) => ('anonymousVisitorId' in c.participantId ? [c.participantId.anonymousVisitorId] : [])),
  );
  let n = 1;
  while (used.has(`visitor-${n}`) || site.contacts.inspectSession(`visitor-${n}`) !== undefined) n += 1;
  return `visitor-${n}`;
}
