/**
 * The wix-data collections velo-inbox keeps its state in. Create each on the site with Admin-only permissions (read,
 * create, update, delete); no fields need defining. The README's deploy steps list them too.
 */
export const OUTBOX_COLLECTION = 'InboxOutbox';
export const DELIVERIES_COLLECTION = 'InboxDeliveries';
export const RATE_LIMITS_COLLECTION = 'InboxRateLimits';

export const REQUIRED_COLLECTIONS = [OUTBOX_COLLECTION, DELIVERIES_COLLECTION, RATE_LIMITS_COLLECTION] as const;

/**
 * The wording the site owner edits in the CMS (inbox/owner-wording.ts). `setUpInbox()` creates it; sends never need it
 * (without it the code's wording is used), so the job does not wait for it.
 */
export const TEMPLATES_COLLECTION = 'InboxTemplates';

/** Everything `setUpInbox()` creates and checks. */
export const SETUP_COLLECTIONS = [...REQUIRED_COLLECTIONS, TEMPLATES_COLLECTION] as const;

export type CollectionField = { readonly key: string; readonly displayName: string; readonly type: 'TEXT' | 'DATETIME' | 'BOOLEAN' };

/** Options for wix-data calls on these collections: admin-only collections, read and written by backend code only. */
export const ADMIN = { suppressAuth: true } as const;

/**
 * Options for reads of these collections. Wix Data is eventually consistent ("typically a few seconds",
 * dev.wix.com/api/sdk/data/eventual-consistency): a read may miss a write made just before it. Every read here decides
 * something (the read-back after a duplicate insert, a rate-limit window, a cap, a claim, an attempt's result), so each
 * reads the primary with `consistentRead: true` (Velo wix-data's `WixDataOptions` of get/count and
 * `WixDataQueryOptions` of find, wix-code-docs `wix-data.service.json`; the @wix/data twin is in sdk-items.ts).
 * corvid-types 0.4.16's `WixDataOptions` predates the option, hence the wider type.
 */
export const ADMIN_READ: { readonly suppressAuth: true; readonly consistentRead: true } = { suppressAuth: true, consistentRead: true };

/** The read option of @wix/data (the SDK acts as admin through `elevate` or the API key, not through an option). */
export const CONSISTENT_READ = { consistentRead: true } as const;

/**
 * How `setUpInbox()` creates them through the Data Collections API, which needs at least one field per collection (its
 * structure is not enforced: the adapters write more fields than these).
 */
export const COLLECTION_FIELDS: Readonly<Record<(typeof SETUP_COLLECTIONS)[number], readonly CollectionField[]>> = {
  [OUTBOX_COLLECTION]: [{ key: 'status', displayName: 'Status (a cache: see the owner panel)', type: 'TEXT' }],
  [DELIVERIES_COLLECTION]: [{ key: 'at', displayName: 'Claimed at', type: 'DATETIME' }],
  [RATE_LIMITS_COLLECTION]: [{ key: 'bucket', displayName: 'Bucket', type: 'TEXT' }],
  // What the owner fills in: the columns the CMS shows for a new row.
  [TEMPLATES_COLLECTION]: [
    { key: 'key', displayName: 'Template key', type: 'TEXT' },
    { key: 'language', displayName: 'Language (empty: any)', type: 'TEXT' },
    { key: 'enabled', displayName: 'On', type: 'BOOLEAN' },
    { key: 'title', displayName: 'Title', type: 'TEXT' },
    { key: 'text', displayName: 'Text (one line per line)', type: 'TEXT' },
  ],
};
