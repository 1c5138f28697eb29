import type { Caller, ParticipantId } from '../index';
import type { LoadedPage } from '../pages/load-page';
import type { Draft } from './draft';
import type { OpenPage } from './site-pages';
import { UiRequestError } from './ui-error';

/** Who the person at the browser is acting as. */
export type Identity = { readonly kind: 'visitor' } | { readonly kind: 'member'; readonly memberId: string } | { readonly kind: 'owner' };

/** What the identity switch can ask for: an identity, or a new anonymous visitor (another browser, cookies cleared). */
export type IdentityRequest = Identity | { readonly kind: 'new-visitor' };

/** The one-line outcome of the last action, shown once on the next page. */
export interface Notice {
  readonly tone: 'ok' | 'error';
  readonly text: string;
  /**
   * A longer answer to show beside the form that asked (a web method's result as JSON, a job's outcome), the form
   * keeping what was typed so the next call starts from it.
   */
  readonly answer?: string;
}

/**
 * The site owner, as Wix identifies a logged-in owner in the editor's preview or the dashboard: a Wix user ID, which
 * is a GUID (`sender.wixUserId` is `@format GUID` in the @wix/inbox typings). Fixed, so the owner is the same person
 * in every session.
 */
export const OWNER_USER_ID = '6b9f2c1e-3d4a-4e5b-8c7d-0a1b2c3d4e5f';

/**
 * One browser at the local site, as Wix keeps one visitor session per browser: its own anonymous visitor ID, who it
 * is logged in as, its own copy of the page (a visitor's `#formStatus` is theirs, not the next visitor's), and the
 * notice and kept form input of its last action. The local UI keys it by a cookie.
 */
export class BrowserSession {
  readonly id: string;
  #visitorId: string;
  #identity: Identity = { kind: 'visitor' };
  #caller: Caller;
  #open: OpenPage;
  #notice: Notice | undefined;
  #draft: Draft | undefined;

  constructor(id: string, visitorId: string, open: OpenPage) {
    this.id = id;
    this.#visitorId = visitorId;
    this.#caller = { kind: 'visitor', visitorId };
    this.#open = open;
    if ('loaded' in open) open.loaded.setCaller(this.#caller);
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

  /** The page this browser is on: loaded, or the typed reason it is not. */
  get open(): OpenPage {
    return this.#open;
  }

  /** The loaded page; refused when the page this browser is on did not load (the site view shows why). */
  get page(): LoadedPage {
    if ('loaded' in this.#open) return this.#open.loaded;
    throw new UiRequestError('PAGE_NOT_LOADED', `The ${this.#open.page.key} page did not load (${this.#open.failed.code}): open another page, or fix its code and open it again.`);
  }

  /** The owner's session on this browser (the dashboard's), as an admin caller. */
  get ownerCaller(): Caller {
    return { kind: 'admin', visitorId: this.#visitorId, userId: OWNER_USER_ID };
  }

  /**
   * Who Inbox knows this browser as (whose thread the chat widget shows and writes to); the owner is the business,
   * not a participant. A visitor whose session Wix tied to a contact (a form sent) chats as that contact, unless the
   * contact is a member: a logged-out browser cannot speak for the member.
   */
  participantId(sessionContact: (visitorId: string) => string | undefined, memberOf: (contactId: string) => string | undefined): ParticipantId | undefined {
    switch (this.#identity.kind) {
      case 'visitor': {
        const contactId = sessionContact(this.#visitorId);
        if (contactId !== undefined && memberOf(contactId) === undefined) return { contactId };
        return { anonymousVisitorId: this.#visitorId };
      }
      case 'member':
        return { memberId: this.#identity.memberId };
      case 'owner':
        return undefined;
    }
  }

  become(identity: Identity, caller: Caller): void {
    this.#identity = identity;
    this.#caller = caller;
    if ('loaded' in this.#open) this.#open.loaded.setCaller(caller);
  }

  /** The browser goes to a page (another, or the same one again): its code loaded afresh, as the current caller. */
  navigate(open: OpenPage): void {
    this.#open = open;
    if ('loaded' in open) open.loaded.setCaller(this.#caller);
  }

  /** Another browser on the same machine: a new visitor ID and a fresh copy of the page. */
  restart(visitorId: string, open: OpenPage): void {
    this.#visitorId = visitorId;
    this.#open = open;
    this.become({ kind: 'visitor' }, { kind: 'visitor', visitorId });
  }

  remember(notice: Notice, draft?: Draft): void {
    this.#notice = notice;
    this.#draft = draft;
  }

  /** The notice and kept input of the last action, once: the next page shows them, the one after does not. */
  take(): { notice?: Notice; draft?: Draft } {
    const taken = { ...(this.#notice ? { notice: this.#notice } : {}), ...(this.#draft ? { draft: this.#draft } : {}) };
    this.#notice = undefined;
    this.#draft = undefined;
    return taken;
  }
}
