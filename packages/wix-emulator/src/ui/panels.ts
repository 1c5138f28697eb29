import type { InspectedConversation } from '../inbox/inbox';
import type { BrowserSession, Notice } from './browser-session';
import type { LocalSite } from './local-site';
import type { Form } from './request-forms';
import type { Markup, ViewContext } from './views/layout';

/**
 * The local UI's extension point: what a site's own tooling adds to the views, knowing the site's code (its web
 * methods, its jobs, its collections) where the emulator knows only Wix. A panel renders a section of a view and may
 * bring form actions; those run like the emulator's own — once per form token, one at a time in the site's queue, a
 * refused input (`UiRequestError`) shown beside the form with what was typed, a site failure as the notice.
 */
export interface UiPanel {
  /** The section's ID in the page (`orders`): anchors and tests find it by that. */
  readonly id: string;
  /** Which view shows it. The Inbox shows panels to the site owner only, above the conversation list. */
  readonly view: 'inbox' | 'backend';
  /** The whole section, heading included (the kit in `wix-emulator/ui`: `html`, `postForm`, `kept`, `paginate`). */
  readonly render: (ctx: ViewContext) => Markup | Promise<Markup>;
  readonly actions?: readonly PanelAction[];
  /**
   * The site functions the panel calls by name (`placeOrder`): a fault may target `webMethod.<name>` before
   * the site has called it once.
   */
  readonly siteFunctions?: readonly string[];
}

/** A form action of a panel: a POST to `/_ui<path>`, answered with a redirect back to the view it came from. */
export interface PanelAction {
  /** Under the UI, unique, and none of the emulator's own (`/backend/refund`). */
  readonly path: string;
  /** Runs once per form token. Throw `UiRequestError` to refuse the input; resolve the notice the browser sees. */
  readonly act: (form: Form, session: BrowserSession, local: LocalSite) => Promise<Notice>;
  /** For one action rendered many times (a form per row): which form's kept input and error a refusal shows. */
  readonly key?: (form: Form) => string | undefined;
}

/**
 * How the owner's reply box in the Inbox sends, when the site has its own way (a site whose messages go through its
 * own web method, to keep its records, answers through that). Without one, the owner replies as in Wix's Inbox dashboard: a message from the
 * business, straight into the conversation.
 */
export type OwnerReply = (local: LocalSite, session: BrowserSession, conversation: InspectedConversation, text: string) => Promise<Notice>;
