import type * as WixData from 'wix-data';
import type { DataOptions } from './data';
import { dataErrors, describe } from './data-errors';
import { isDate, type Filter, type SortKey } from './data-filter';
import { MAX_LIMIT, emptySpec, type QueryPage, type QuerySpec } from './data-query';

/** What runs a built query: the data service of the site the query was created on. */
export interface DataQueryRunner {
  query(spec: QuerySpec, options?: DataOptions): Promise<QueryPage>;
  count(spec: QuerySpec, options?: DataOptions): Promise<number>;
  distinct(spec: QuerySpec, field: string, options?: DataOptions): Promise<QueryPage<unknown>>;
}

const isComparable = (v: unknown) => typeof v === 'string' || typeof v === 'number' || isDate(v);

/**
 * `wixData.query(collection)`: an immutable builder (every call returns a new query, as Wix's does). Like Wix's
 * client, it collects misuse (a limit over 1000, a non-string `contains` argument, …) with the WDE message and
 * reports it when the query runs (`find()`, `count()`, `distinct()` reject with WD_VALIDATION_ERROR).
 */
export class DataQuery implements WixData.WixDataQuery {
  readonly #runner: DataQueryRunner;
  readonly #spec: QuerySpec;

  constructor(runner: DataQueryRunner, collection: string, spec: QuerySpec = emptySpec(collection)) {
    this.#runner = runner;
    this.#spec = spec;
  }

  #with(change: Partial<QuerySpec>): DataQuery {
    return new DataQuery(this.#runner, this.#spec.collection, { ...this.#spec, ...change });
  }

  #problem(message: string): DataQuery {
    return this.#with({ problems: [...this.#spec.problems, message] });
  }

  #filter(op: string, field: unknown, make: (field: string) => Filter): DataQuery {
    if (typeof field !== 'string') {
      return this.#problem(`WDE0048: Invalid ${op} field value [${describe(field)}]. ${op} field must be a String.`);
    }
    const filter = make(field);
    const current = this.#spec.filter;
    return this.#with({ filter: current ? { op: 'and', filters: [current, filter] } : filter });
  }

  #compare(op: 'gt' | 'ge' | 'lt' | 'le', field: string, value: unknown): DataQuery {
    if (!isComparable(value)) {
      return this.#problem(
        `WDE0045: Invalid ${op} parameter value [${describe(value)}]. Valid ${op} parameter types are String, Number or Date.`,
      );
    }
    return this.#filter(op, field, (f) => ({ op, field: f, value }));
  }

  #text(op: 'contains' | 'startsWith' | 'endsWith', field: string, value: unknown): DataQuery {
    if (typeof value !== 'string') {
      return this.#problem(`WDE0044: Invalid ${op} parameter value [${describe(value)}]. ${op} parameter must be a String.`);
    }
    return this.#filter(op, field, (f) => ({ op, field: f, value }));
  }

  #set(op: 'hasSome' | 'hasAll', field: string, args: readonly unknown[]): DataQuery {
    // Documented both ways: hasSome('f', ['a', 'b']) and hasSome('f', 'a', 'b').
    const values = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : [...args];
    if (!values.every(isComparable)) {
      return this.#problem(`WDE0047: Invalid ${op} usage. ${op} supports only Number, String or Date items.`);
    }
    return this.#filter(op, field, (f) => ({ op, field: f, values }));
  }

  /** The filter of a query passed to and/or/not, or a problem when it is not a query of the same collection. */
  #other(op: string, query: unknown): { filter?: Filter; problems: readonly string[] } | string {
    if (!(query instanceof DataQuery)) {
      return `WDE0049: Invalid ${op} parameter [${describe(query)}]. ${op} expects WixDataQuery only.`;
    }
    if (query.#spec.collection !== this.#spec.collection) {
      return `WDE0050: Invalid ${op} parameter query for [${query.#spec.collection}]. ${op} accepts WixDataQuery for the same collection only.`;
    }
    return { filter: query.#spec.filter, problems: query.#spec.problems };
  }

  eq(propertyName: string, value: unknown): DataQuery {
    return this.#filter('eq', propertyName, (field) => ({ op: 'eq', field, value }));
  }
  ne(propertyName: string, value: unknown): DataQuery {
    return this.#filter('ne', propertyName, (field) => ({ op: 'ne', field, value }));
  }
  gt(propertyName: string, value: string | number | Date): DataQuery {
    return this.#compare('gt', propertyName, value);
  }
  ge(propertyName: string, value: string | number | Date): DataQuery {
    return this.#compare('ge', propertyName, value);
  }
  lt(propertyName: string, value: string | number | Date): DataQuery {
    return this.#compare('lt', propertyName, value);
  }
  le(propertyName: string, value: string | number | Date): DataQuery {
    return this.#compare('le', propertyName, value);
  }
  between(propertyName: string, rangeStart: string | number | Date, rangeEnd: string | number | Date): DataQuery {
    for (const value of [rangeStart, rangeEnd]) {
      if (!isComparable(value)) {
        return this.#problem(
          `WDE0045: Invalid between parameter value [${describe(value)}]. Valid between parameter types are String, Number or Date.`,
        );
      }
    }
    if (describe(rangeStart) !== describe(rangeEnd)) {
      return this.#problem(
        `WDE0046: Invalid between parameter values [${describe(rangeStart)}] and [${describe(rangeEnd)}]. Both parameters must be of the same type.`,
      );
    }
    return this.#filter('between', propertyName, (field) => ({ op: 'between', field, start: rangeStart, end: rangeEnd }));
  }
  contains(propertyName: string, string: string): DataQuery {
    return this.#text('contains', propertyName, string);
  }
  startsWith(propertyName: string, string: string): DataQuery {
    return this.#text('startsWith', propertyName, string);
  }
  endsWith(propertyName: string, string: string): DataQuery {
    return this.#text('endsWith', propertyName, string);
  }
  hasSome(propertyName: string, ...values: unknown[]): DataQuery {
    return this.#set('hasSome', propertyName, values);
  }
  hasAll(propertyName: string, ...values: unknown[]): DataQuery {
    return this.#set('hasAll', propertyName, values);
  }
  isEmpty(propertyName: string): DataQuery {
    return this.#filter('isEmpty', propertyName, (field) => ({ op: 'isEmpty', field }));
  }
  isNotEmpty(propertyName: string): DataQuery {
    return this.#filter('isNotEmpty', propertyName, (field) => ({ op: 'isNotEmpty', field }));
  }

  and(query: WixData.WixDataQuery): DataQuery {
    const other = this.#other('and', query);
    if (typeof other === 'string') return this.#problem(other);
    const current = this.#spec.filter;
    const filter = current && other.filter ? { op: 'and' as const, filters: [current, other.filter] } : (current ?? other.filter);
    return this.#with({ filter, problems: [...this.#spec.problems, ...other.problems] });
  }
  or(query: WixData.WixDataQuery): DataQuery {
    const other = this.#other('or', query);
    if (typeof other === 'string') return this.#problem(other);
    const current = this.#spec.filter;
    // A side without conditions matches every item, so OR-ing with it matches every item too.
    const filter = current && other.filter ? { op: 'or' as const, filters: [current, other.filter] } : undefined;
    return this.#with({ filter, problems: [...this.#spec.problems, ...other.problems] });
  }
  not(query: WixData.WixDataQuery): DataQuery {
    const other = this.#other('not', query);
    if (typeof other === 'string') return this.#problem(other);
    // not() of a query without conditions excludes every item.
    const negated: Filter = other.filter ? { op: 'not', filter: other.filter } : { op: 'or', filters: [] };
    const current = this.#spec.filter;
    const filter: Filter = current ? { op: 'and', filters: [current, negated] } : negated;
    return this.#with({ filter, problems: [...this.#spec.problems, ...other.problems] });
  }

  ascending(...propertyName: string[]): DataQuery {
    return this.#sort('ascending', 'asc', propertyName);
  }
  descending(...propertyName: string[]): DataQuery {
    return this.#sort('descending', 'desc', propertyName);
  }
  #sort(op: string, order: SortKey['order'], names: readonly unknown[]): DataQuery {
    const fields = names.flat();
    if (fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
      return this.#problem(
        `WDE0051: Invalid ${op} parameters [${fields.map(describe).join(', ')}]. Valid ${op} values are String, Array of String or varargs String.`,
      );
    }
    return this.#with({ sort: [...this.#spec.sort, ...(fields as string[]).map((field) => ({ field, order }))] });
  }

  limit(limit: number): DataQuery {
    const problem =
      typeof limit !== 'number' || Number.isNaN(limit)
        ? `WDE0032: Invalid limit parameter [${describe(limit)}]. limit parameter must be a positive number.`
        : limit <= 0
          ? `WDE0033: Invalid limit parameter [${limit}]. limit parameter must be a positive number.`
          : !Number.isInteger(limit)
            ? `WDE0035: Invalid limit parameter [${limit}]. limit parameter must be an integer.`
            : limit > MAX_LIMIT
              ? `WDE0036: Invalid limit parameter [${limit}]. limit parameter cannot exceed ${MAX_LIMIT}.`
              : undefined;
    return problem ? this.#problem(problem) : this.#with({ limit });
  }
  skip(skip: number): DataQuery {
    const problem =
      typeof skip !== 'number' || Number.isNaN(skip)
        ? `WDE0032: Invalid skip parameter [${describe(skip)}]. skip parameter must be a non-negative number.`
        : skip < 0
          ? `WDE0034: Invalid skip parameter [${skip}]. skip parameter must be a non-negative number.`
          : !Number.isInteger(skip)
            ? `WDE0035: Invalid skip parameter [${skip}]. skip parameter must be an integer.`
            : undefined;
    return problem ? this.#problem(problem) : this.#with({ skip });
  }
  include(...propertyName: string[]): DataQuery {
    return this.#with({ include: [...this.#spec.include, ...propertyName] });
  }

  async find(options?: DataOptions): Promise<WixData.WixDataQueryResult> {
    const page = await this.#runner.query(this.#spec, options);
    return this.#result(page, options, (query) => query.find(options));
  }

  count(options?: DataOptions): Promise<number> {
    return this.#runner.count(this.#spec, options);
  }

  async distinct(propertyName: string, options?: DataOptions): Promise<WixData.WixDataQueryResult> {
    const spec =
      typeof propertyName === 'string'
        ? this.#spec
        : this.#problem(`WDE0048: Invalid distinct field value [${describe(propertyName)}]. distinct field must be a String.`).#spec;
    const page = await this.#runner.distinct(spec, propertyName, options);
    return this.#result(page, options, (query) => query.distinct(propertyName, options));
  }

  /**
   * `WixDataQueryResult`. `currentPage` is zero-based and `undefined` when the page is empty; with `omitTotalCount`,
   * `totalCount` and `totalPages` are `undefined` (both documented, though corvid-types declares them numbers).
   * Paging past either end rejects (WDE0165 / WDE0159), as Wix's client does.
   */
  #result(
    page: QueryPage<unknown>,
    options: DataOptions | undefined,
    rerun: (query: DataQuery) => Promise<WixData.WixDataQueryResult>,
  ): WixData.WixDataQueryResult {
    const { skip, limit, collection } = this.#spec;
    const omitTotal = options?.omitTotalCount === true;
    const hasNext = () => skip + page.items.length < page.total;
    const hasPrev = () => skip > 0;
    const result = {
      items: page.items,
      length: page.items.length,
      pageSize: limit,
      currentPage: page.items.length === 0 ? undefined : Math.floor(skip / limit),
      totalCount: omitTotal ? undefined : page.total,
      totalPages: omitTotal ? undefined : Math.ceil(page.total / limit),
      partialIncludes: false,
      query: this,
      hasNext,
      hasPrev,
      next: () => (hasNext() ? rerun(this.skip(skip + limit)) : Promise.reject(dataErrors.noNextPage(collection))),
      prev: () => (hasPrev() ? rerun(this.skip(Math.max(0, skip - limit))) : Promise.reject(dataErrors.noPrevPage(collection))),
    };
    return result as WixData.WixDataQueryResult;
  }
}
