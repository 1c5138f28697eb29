import { validationError } from '../kernel/wix-errors';
import { optionalInteger, optionalObject } from './wire';

/** Offset paging (`query.paging.{limit, offset}`); cursor paging is not emulated on these routes and is refused. */
export function pagingOf(query: Record<string, unknown>, defaultLimit: number): { limit: number; offset: number } {
  if (query.cursorPaging !== undefined) throw validationError('query.cursorPaging', 'is not supported by the emulator; use paging');
  const paging = optionalObject(query.paging, 'query.paging') ?? {};
  return {
    limit: optionalInteger(paging.limit, 'query.paging.limit') ?? defaultLimit,
    offset: optionalInteger(paging.offset, 'query.paging.offset') ?? 0,
  };
}
