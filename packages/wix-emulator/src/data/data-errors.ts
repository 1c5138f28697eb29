import { isDate } from './data-filter';
import { wixDataError, type WixDataError } from '../kernel/wix-errors';

/**
 * The wix-data failures the emulator produces, shaped as Wix's data client builds them (`@wix/wix-data-items-common`
 * `errors.js`): a plain Error whose `code` is one of the client's `WD_…` codes and whose message starts with the
 * documented `WDE00xx` number (WCD `wix-data/guides/Error Codes - complete.md`). Code that classifies failures should
 * read `code`; the WDE number is only in the message, as on Wix.
 */
export const dataErrors = {
  collectionNameMustBeString: (): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', 'WDE0001: Collection name must be a string.'),

  itemIdMustBeString: (): WixDataError => wixDataError('WD_VALIDATION_ERROR', 'WDE0002: ItemId must be a string.'),

  itemMustBeObject: (item: unknown, collection: string): WixDataError =>
    wixDataError(
      'WD_VALIDATION_ERROR',
      `WDE0004: Failed to save [${describe(item)}] into [${collection}].\nItems must be JavaScript objects.`,
    ),

  bulkItemsInvalid: (collection: string): WixDataError =>
    wixDataError(
      'WD_VALIDATION_ERROR',
      `WDE0005: Failed to bulk save items into [${collection}].\nItems must be an array of JavaScript objects and item ids must be strings if present.`,
    ),

  bulkTooMany: (collection: string): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', `WDE0006: Failed to bulk save items into [${collection}].\nCannot insert more than 1000 items in one request.`),

  updateNeedsId: (): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', 'WDE0007: Invalid update. Updated object must have a string _id property.'),

  optionsInvalid: (allowed: readonly string[]): WixDataError =>
    wixDataError(
      'WD_VALIDATION_ERROR',
      `WDE0018: Options must be an object with one or all of the following boolean properties: ${allowed.join(', ')}.`,
    ),

  collectionNotFound: (collection: string): WixDataError =>
    wixDataError(
      'WD_SCHEMA_DOES_NOT_EXIST',
      `WDE0025: The ${collection} collection does not exist. You cannot work with a collection using the Data API before it is created in the Editor.`,
    ),

  permissionDenied: (action: 'read' | 'insert' | 'update' | 'remove', collection: string): WixDataError =>
    wixDataError(
      'WD_PERMISSION_DENIED',
      `WDE0027: The current user does not have permissions to ${action} on the ${collection} collection.`,
    ),

  itemNotFound: (itemId: string, collection: string): WixDataError =>
    wixDataError('WD_ITEM_DOES_NOT_EXIST', `WDE0073: Item [${itemId}] does not exist in collection [${collection}].`),

  itemAlreadyExists: (itemId: string, collection: string): WixDataError =>
    wixDataError(
      'WD_ITEM_ALREADY_EXISTS',
      `WDE0074: WD_ITEM_ALREADY_EXISTS: An item with _id [${itemId}] already exists in collection [${collection}].`,
    ),

  /** Builder misuse collected while the query was built, reported by `find()` / `count()` as Wix's client does. */
  queryInvalid: (collection: string, problems: readonly string[]): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', `Failed to perform query on [${collection}].\n${problems.join('\n')}`),

  noNextPage: (collection: string): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', `WDE0165: Invalid query on [${collection}].\nThere is no next page.`),

  noPrevPage: (collection: string): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', `WDE0159: Invalid query on [${collection}].\nThere is no prev page.`),

  /** WDE0076: what Wix answers for a request an app collection does not support (a field, an operator, a limit). */
  appCollectionRejects: (collection: string, detail: string): WixDataError =>
    wixDataError('WD_VALIDATION_ERROR', `WDE0076: Validation error on [${collection}]: ${detail}`),
};

/** How Wix's messages print a value's type: `[Number]`, `[String]`, … */
export function describe(value: unknown): string {
  if (value === null) return 'Null';
  if (value === undefined) return 'Undefined';
  if (Array.isArray(value)) return 'Array';
  if (isDate(value)) return 'Date';
  const type = typeof value;
  return type === 'object' ? 'Object' : type.charAt(0).toUpperCase() + type.slice(1);
}
