/**
 * Reads what a failed Wix call threw, in every form Wix produces, down to one HTTP status and one code. Shared by both
 * adapter families (Velo modules and the Wix JavaScript SDK), which throw the same failures in different shapes:
 *
 * - v2 modules / SDK (`@wix/sdk-runtime` transform-error): `status`, and `details.applicationError.code` a string such
 *   as `CONVERSATION_NOT_FOUND`; `code` is set only for failures without a response (`UNKNOWN`).
 * - `@wix/data` (Wix's data client `@wix/wix-data-items-common`): no `status` and no `code`; the WDE code is in
 *   `details.applicationError.code` and starts `message` (`WDE0074: …`). For an answer without application details
 *   (a bare 5xx or 429) `details.applicationError.code` is the HTTP status as a number.
 * - Velo `wix-data`: the form is not documented; older docs and code show a string `code` (`WD_ITEM_ALREADY_EXISTS`)
 *   and WDE codes at the start of `message`. Every one of these forms is accepted.
 */
export interface WixFailure {
  /** The HTTP status, when the failure carries one (directly, or as wix-data's numeric application code). */
  readonly status: number | undefined;
  /** The most specific code found: the application code, else `code`, else a WDE code leading the message. */
  readonly code: string | undefined;
}

interface FailureShape {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  details?: { applicationError?: { code?: unknown }; validationError?: unknown };
}

export function readWixFailure(error: unknown): WixFailure {
  const e = (error !== null && typeof error === 'object' ? error : {}) as FailureShape;
  const applicationCode = e.details?.applicationError?.code;
  // wix-data's client drops the status: its numeric application code is the status, and its validation errors are 400s.
  const status =
    typeof e.status === 'number'
      ? e.status
      : typeof applicationCode === 'number' && applicationCode >= 400
        ? applicationCode
        : e.details?.validationError !== undefined
          ? 400
          : undefined;
  const leadingWde = typeof e.message === 'string' ? /^(WDE\d{4})\b/.exec(e.message)?.[1] : undefined;
  const code =
    typeof applicationCode === 'string' && applicationCode !== ''
      ? applicationCode
      : typeof e.code === 'string' && e.code !== ''
        ? preferWde(e.code, leadingWde)
        : leadingWde;
  return { status, code };
}

/** A generic `WD_…` or `UNKNOWN` code says less than the WDE code the same message starts with. */
function preferWde(code: string, leadingWde: string | undefined): string {
  if (leadingWde === undefined) return code;
  return KNOWN_WD_CODES.has(code) ? code : leadingWde;
}

/** wix-data: an item with this `_id` exists already (WDE0074; Velo's older string codes). */
export const DUPLICATE_CODES: ReadonlySet<string> = new Set(['WDE0074', 'WD_ITEM_ALREADY_EXISTS', 'WD_DUPLICATE_ITEM_ID']);

/** wix-data: the item does not exist (WDE0073). */
export const ITEM_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['WDE0073', 'WD_ITEM_DOES_NOT_EXIST', 'WD_ITEM_NOT_FOUND']);

/** wix-data: the collection does not exist (WDE0025) or was deleted (WDE0026): a site set up wrong. */
export const MISSING_COLLECTION_CODES: ReadonlySet<string> = new Set([
  'WDE0025',
  'WDE0026',
  'WD_SCHEMA_DOES_NOT_EXIST',
  'WD_COLLECTION_DELETED',
  'WD_COLLECTION_NOT_FOUND',
]);

/** The caller may not do this: wix-data's WDE0027 and client code, the v2 status-text codes. */
export const PERMISSION_CODES: ReadonlySet<string> = new Set(['WDE0027', 'WD_PERMISSION_DENIED', 'PERMISSION_DENIED', 'FORBIDDEN', 'UNAUTHORIZED', 'WD_UNAUTHORIZED', 'WD_FORBIDDEN']);

/** Throttling in any family: the SDK's status-text code, wix-data's client code, WDE0014 (requests per minute quota). */
export const RATE_LIMIT_CODES: ReadonlySet<string> = new Set(['TOO_MANY_REQUESTS', 'WD_TOO_MANY_REQUESTS', 'WDE0014']);

/**
 * wix-data codes that say the request itself is wrong or the site is set up wrong: repeating it cannot succeed. Any
 * other code without an HTTP status (`WD_UNKNOWN_ERROR`, WDE0054 unknown error, WDE0028 time limit, a dropped
 * connection) is treated as transient. From Wix's data client (`@wix/wix-data-items-common` errors) and the WDE table.
 */
export const PERMANENT_DATA_CODES: ReadonlySet<string> = new Set([
  'WD_PERMISSION_DENIED',
  'WDE0027',
  'WD_VALIDATION_ERROR',
  'WDE0075',
  'WDE0076',
  'WDE0009',
  'WDE0109',
  'WD_BAD_REQUEST',
  'WD_UNAUTHORIZED',
  'WD_FORBIDDEN',
  // The site's database is full, or the site is a template: nothing changes until someone changes the site.
  'WD_DATABASE_QUOTA_EXCEEDED',
  'WD_SITE_IN_TEMPLATE_MODE',
  ...MISSING_COLLECTION_CODES,
]);

const KNOWN_WD_CODES: ReadonlySet<string> = new Set([
  ...DUPLICATE_CODES,
  ...ITEM_NOT_FOUND_CODES,
  ...MISSING_COLLECTION_CODES,
  ...RATE_LIMIT_CODES,
  ...PERMANENT_DATA_CODES,
]);

/** The contact Wix names when createContact refuses a duplicate email (409 DUPLICATE_CONTACT_EXISTS), in either family. */
export function duplicateContactId(error: unknown): string | undefined {
  const application = (error as { details?: { applicationError?: { code?: unknown; data?: { duplicateContactId?: unknown } } } } | null)?.details
    ?.applicationError;
  if (application?.code !== 'DUPLICATE_CONTACT_EXISTS') return undefined;
  return typeof application.data?.duplicateContactId === 'string' ? application.data.duplicateContactId : undefined;
}
