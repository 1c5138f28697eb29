import { isInboxError } from './errors';

/** What setup needs from the site: whether a collection exists, creating one, whether the Members Area answers. */
export interface SiteSetup {
  hasCollection(name: string): Promise<boolean>;
  /** Creates an admin-only collection; resolves `false` when it already existed (another admin was quicker). */
  createCollection(name: string): Promise<boolean>;
  /** Whether member data can be read (the Members Area app is installed). */
  hasMembersArea(): Promise<boolean>;
  /** Whether the site has an Inbox (the Wix Inbox app is installed). */
  hasInbox(): Promise<boolean>;
}

export type SetupStatus = 'ready' | 'created' | 'missing';

export interface SetupItem {
  /** What it is about: `collection InboxOutbox`, `Wix Members Area`, `Wix Inbox`. */
  readonly item: string;
  readonly status: SetupStatus;
  /** For `missing`: exactly what to do, in the editor or dashboard. */
  readonly howToFix?: string;
  /** For a step that failed: the code Wix answered (no message: it may quote data). */
  readonly failure?: string;
}

export interface SetupReport {
  /** Every item is `ready` or `created`. */
  readonly ready: boolean;
  readonly items: readonly SetupItem[];
}

const COLLECTION_HOW =
  'In the editor: CMS → Create collection, ID "{name}", permissions Admin for read, create, update and delete (no fields needed).';
const MEMBERS_HOW = 'Install the Wix Members Area app (Apps → Add apps → Wix Members Area): member sends and welcome messages need it.';
const INBOX_HOW = 'Install the Wix Inbox app (Apps → Add apps → Wix Inbox, or open Inbox in the dashboard): every send needs it.';

/**
 * Checks what velo-inbox needs on the site and, with `create`, creates what an API allows (the collections). Each item
 * is answered on its own: one failing check does not hide the others. Callers: the admin-only web methods only.
 */
export async function setUpSite(site: SiteSetup, collections: readonly string[], options: { create: boolean }): Promise<SetupReport> {
  const items: SetupItem[] = [];
  for (const name of collections) items.push(await collectionItem(site, name, options.create));
  items.push(await step('Wix Members Area', async () => ((await site.hasMembersArea()) ? { status: 'ready' } : { status: 'missing', howToFix: MEMBERS_HOW }), MEMBERS_HOW));
  items.push(await step('Wix Inbox', async () => ((await site.hasInbox()) ? { status: 'ready' } : { status: 'missing', howToFix: INBOX_HOW }), INBOX_HOW));
  return { ready: items.every((i) => i.status !== 'missing'), items };
}

async function collectionItem(site: SiteSetup, name: string, create: boolean): Promise<SetupItem> {
  const howToFix = COLLECTION_HOW.replace('{name}', name);
  return step(
    `collection ${name}`,
    async () => {
      if (await site.hasCollection(name)) return { status: 'ready' };
      if (!create) return { status: 'missing', howToFix };
      return { status: (await site.createCollection(name)) ? 'created' : 'ready' };
    },
    howToFix,
  );
}

async function step(item: string, check: () => Promise<Omit<SetupItem, 'item'>>, howToFix: string): Promise<SetupItem> {
  try {
    return { item, ...(await check()) };
  } catch (error) {
    // Reported, not swallowed: the item says it is missing, how to add it by hand, and what Wix answered.
    const failure = isInboxError(error) ? (error.upstream?.code ?? error.code) : error instanceof Error ? error.name : typeof error;
    return { item, status: 'missing', howToFix, failure };
  }
}
