import type { Contacts } from 'wix-crm-backend';
import { DEFAULT_LIMIT, type Filter, type QuerySpec } from './contacts-query';
import { validationError } from '../kernel/wix-errors';

export interface ContactsPage {
  readonly items: Contacts.Contact[];
  /** How many contacts match in all: only for `hasNext()`; the Velo result exposes no total. */
  readonly total: number;
}

export type RunContactsQuery = (spec: QuerySpec, options: Contacts.AuthOptions | undefined) => Promise<ContactsPage>;

/**
 * `contacts.queryContacts()`: an immutable builder (each call returns a new one, like Wix's), run by `find()`.
 * Checks against the documented field/operator table happen at `find()`, inside the emulated operation.
 */
export class ContactsQueryBuilder implements Contacts.ContactsQueryBuilder {
  readonly #run: RunContactsQuery;
  readonly #spec: QuerySpec;

  constructor(run: RunContactsQuery, spec: QuerySpec = { sort: [], limit: DEFAULT_LIMIT, skip: 0 }) {
    this.#run = run;
    this.#spec = spec;
  }

  #with(change: Partial<QuerySpec>): ContactsQueryBuilder {
    return new ContactsQueryBuilder(this.#run, { ...this.#spec, ...change });
  }

  #filter(filter: Filter): ContactsQueryBuilder {
    const current = this.#spec.filter;
    return this.#with({ filter: current ? { op: 'and', filters: [current, filter] } : filter });
  }

  static #filterOf(query: Contacts.ContactsQueryBuilder, method: string): Filter | undefined {
    if (!(query instanceof ContactsQueryBuilder)) {
      throw validationError(method, 'takes a query made by contacts.queryContacts()');
    }
    return query.#spec.filter;
  }

  eq(propertyName: string, value: unknown): ContactsQueryBuilder {
    return this.#filter({ op: 'eq', field: propertyName, value });
  }
  ne(propertyName: string, value: unknown): ContactsQueryBuilder {
    return this.#filter({ op: 'ne', field: propertyName, value });
  }
  gt(propertyName: string, value: Date | string): ContactsQueryBuilder {
    return this.#filter({ op: 'gt', field: propertyName, value });
  }
  ge(propertyName: string, value: Date | string): ContactsQueryBuilder {
    return this.#filter({ op: 'ge', field: propertyName, value });
  }
  lt(propertyName: string, value: Date | string): ContactsQueryBuilder {
    return this.#filter({ op: 'lt', field: propertyName, value });
  }
  le(propertyName: string, value: Date | string): ContactsQueryBuilder {
    return this.#filter({ op: 'le', field: propertyName, value });
  }
  between(propertyName: string, rangeStart: Date | string, rangeEnd: Date | string): ContactsQueryBuilder {
    return this.#filter({ op: 'between', field: propertyName, start: rangeStart, end: rangeEnd });
  }
  startsWith(propertyName: string, value: string): ContactsQueryBuilder {
    return this.#filter({ op: 'startsWith', field: propertyName, value });
  }
  hasSome(propertyName: string, values: string[]): ContactsQueryBuilder {
    return this.#filter({ op: 'hasSome', field: propertyName, values });
  }
  hasAll(propertyName: string, values: string[]): ContactsQueryBuilder {
    return this.#filter({ op: 'hasAll', field: propertyName, values });
  }

  and(query: Contacts.ContactsQueryBuilder): ContactsQueryBuilder {
    const other = ContactsQueryBuilder.#filterOf(query, 'and');
    return other ? this.#filter(other) : this;
  }
  or(query: Contacts.ContactsQueryBuilder): ContactsQueryBuilder {
    const other = ContactsQueryBuilder.#filterOf(query, 'or');
    const current = this.#spec.filter;
    // An empty side matches everything, so OR-ing with it matches everything too.
    if (!current || !other) return this.#with({ filter: undefined });
    return this.#with({ filter: { op: 'or', filters: [current, other] } });
  }
  not(query: Contacts.ContactsQueryBuilder): ContactsQueryBuilder {
    const other = ContactsQueryBuilder.#filterOf(query, 'not');
    return this.#filter(other ? { op: 'not', filter: other } : { op: 'or', filters: [] });
  }

  ascending(...propertyName: string[]): ContactsQueryBuilder {
    return this.#with({ sort: [...this.#spec.sort, ...propertyName.map((field) => ({ field, order: 'asc' as const }))] });
  }
  descending(...propertyName: string[]): ContactsQueryBuilder {
    return this.#with({ sort: [...this.#spec.sort, ...propertyName.map((field) => ({ field, order: 'desc' as const }))] });
  }

  /** corvid-types declares a string; Wix examples pass numbers. Both are taken; the value is checked at `find()`. */
  limit(limit: number | string): ContactsQueryBuilder {
    return this.#with({ limit: Number(limit) });
  }
  skip(skip: number | string): ContactsQueryBuilder {
    return this.#with({ skip: Number(skip) });
  }

  async find(options?: Contacts.AuthOptions): Promise<Contacts.ContactsQueryResult> {
    const page = await this.#run(this.#spec, options);
    return contactsResult(this, this.#spec, page, options);
  }
}

function contactsResult(
  query: ContactsQueryBuilder,
  spec: QuerySpec,
  page: ContactsPage,
  options: Contacts.AuthOptions | undefined,
): Contacts.ContactsQueryResult {
  const hasNext = () => spec.skip + page.items.length < page.total;
  const hasPrev = () => spec.skip > 0;
  return {
    items: page.items,
    length: page.items.length,
    pageSize: spec.limit,
    query,
    hasNext,
    hasPrev,
    // Paging past either end is refused rather than answered with an empty page (stricter than the docs say).
    next: async () => {
      if (!hasNext()) throw validationError('paging.offset', 'there is no next page (check hasNext() first)');
      return query.skip(spec.skip + spec.limit).limit(spec.limit).find(options);
    },
    prev: async () => {
      if (!hasPrev()) throw validationError('paging.offset', 'there is no previous page (check hasPrev() first)');
      return query.skip(Math.max(0, spec.skip - spec.limit)).limit(spec.limit).find(options);
    },
  };
}
