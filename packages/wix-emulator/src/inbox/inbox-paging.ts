import { isAbsent, optionalEnum, optionalObject, optionalString, requireEnum } from './inbox-checks';
import { VISIBILITIES, type Visibility } from './inbox-message';
import { validationError } from '../kernel/wix-errors';

export const LIST_LIMITS = { defaultLimit: 30, maxLimit: 100, cursorLength: 16_000 } as const;

export type Order = 'ASC' | 'DESC';

/** One listMessages page request, after validation. `after` is the sequence the previous page ended on. */
export interface ListPlan {
  readonly conversationId: string;
  readonly visibility: Visibility;
  readonly order: Order;
  readonly limit: number;
  readonly after?: number;
}

interface CursorBody {
  readonly c: string;
  readonly v: Visibility;
  readonly o: Order;
  readonly a: number;
}

/**
 * Validates listMessages' visibility and options. Only `sequence` sorts (the documented default). A cursor carries
 * the conversation, visibility and order it was issued for; asking the next page with different ones is refused,
 * since Wix only promises consistent pages when they stay the same.
 */
export function parseListRequest(conversationId: string, visibilityArg: unknown, optionsArg: unknown): ListPlan {
  const visibility = requireEnum(visibilityArg, 'visibility', VISIBILITIES);
  const options = optionalObject(optionsArg, 'options') ?? {};
  const paging = optionalObject(options['paging'], 'options.paging') ?? {};
  const sorting = optionalObject(options['sorting'], 'options.sorting') ?? {};
  const limit = parseLimit(paging['limit']);
  const fieldName = optionalString(sorting['fieldName'], 'options.sorting.fieldName', { max: 512 });
  if (fieldName !== undefined && fieldName !== 'sequence') {
    throw validationError('options.sorting.fieldName', 'only sequence can be sorted by');
  }
  const order = optionalEnum(sorting['order'], 'options.sorting.order', ['ASC', 'DESC'] as const) ?? 'DESC';
  const cursor = optionalString(paging['cursor'], 'options.paging.cursor', { max: LIST_LIMITS.cursorLength });
  if (cursor === undefined) return { conversationId, visibility, order, limit };
  const body = decodeCursor(cursor);
  if (body.c !== conversationId || body.v !== visibility || body.o !== order) {
    throw validationError('options.paging.cursor', 'was issued for another conversation, visibility or sorting');
  }
  return { conversationId, visibility, order, limit, after: body.a };
}

function parseLimit(value: unknown): number {
  if (isAbsent(value)) return LIST_LIMITS.defaultLimit;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIST_LIMITS.maxLimit) {
    throw validationError('options.paging.limit', `must be an integer from 1 to ${LIST_LIMITS.maxLimit}`);
  }
  return value;
}

export function encodeCursor(plan: ListPlan, lastSequence: number): string {
  const body: CursorBody = { c: plan.conversationId, v: plan.visibility, o: plan.order, a: lastSequence };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(cursor: string): CursorBody {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    if (
      typeof body.c === 'string' &&
      (VISIBILITIES as readonly unknown[]).includes(body.v) &&
      (body.o === 'ASC' || body.o === 'DESC') &&
      typeof body.a === 'number'
    ) {
      return body as CursorBody;
    }
  } catch {
    // Falls through to the validation error below: a cursor is opaque, any damage makes it invalid.
  }
  throw validationError('options.paging.cursor', 'is not a valid cursor');
}

/**
 * One page of `items` (sorted ascending by `sequenceOf`) for `plan`, counting only the items `keep` accepts, and the
 * sequence to continue after. Walks from the requested end and stops one item past the page, so the first page of a
 * long conversation costs the page, not the conversation.
 */
export function pageOf<T>(
  items: readonly T[],
  sequenceOf: (item: T) => number,
  plan: ListPlan,
  keep: (item: T) => boolean = () => true,
): { page: T[]; next?: number } {
  const { after, order, limit } = plan;
  const page: T[] = [];
  let more = false;
  for (let k = 0; k < items.length; k += 1) {
    const item = items[order === 'ASC' ? k : items.length - 1 - k] as T;
    if (!keep(item)) continue;
    if (after !== undefined && !(order === 'ASC' ? sequenceOf(item) > after : sequenceOf(item) < after)) continue;
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(item);
  }
  const last = page[page.length - 1];
  return more && last !== undefined ? { page, next: sequenceOf(last) } : { page };
}
