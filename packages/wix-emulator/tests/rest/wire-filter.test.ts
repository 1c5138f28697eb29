import { parseWireFilter, toContactsFilter, toDataFilter, toMembersFilter } from '../../src/rest/wire-filter';

/** Wix's REST filter language mapped onto each service's filter. */
describe('wire filters', () => {
  it('read `{ f: v }` as $eq, several keys as $and, and `$not` given as an object (REST) or a list (SDK)', () => {
    expect(toDataFilter(parseWireFilter({ a: 1, b: { $gt: 2, $lt: 5 } }))).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', field: 'a', value: 1 },
        { op: 'gt', field: 'b', value: 2 },
        { op: 'lt', field: 'b', value: 5 },
      ],
    });
    const asObject = toDataFilter(parseWireFilter({ $not: { a: 1 } }));
    const asList = toDataFilter(parseWireFilter({ $not: [{ a: 1 }] }));
    expect(asObject).toEqual({ op: 'not', filter: { op: 'eq', field: 'a', value: 1 } });
    expect(asList).toEqual(asObject);
  });

  it('decode { $date } values and map null comparisons and $exists to emptiness', () => {
    expect(toDataFilter(parseWireFilter({ d: { $date: '2026-01-01T00:00:00.000Z' } }))).toEqual({
      op: 'eq',
      field: 'd',
      value: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(toDataFilter(parseWireFilter({ a: null }))).toEqual({ op: 'isEmpty', field: 'a' });
    expect(toDataFilter(parseWireFilter({ a: { $ne: null } }))).toEqual({ op: 'isNotEmpty', field: 'a' });
    expect(toDataFilter(parseWireFilter({ a: { $exists: false } }))).toEqual({ op: 'isEmpty', field: 'a' });
  });

  it('rename wire field names for contacts and members, never for data items', () => {
    expect(toContactsFilter(parseWireFilter({ id: { $in: ['c'] } }))).toEqual({ op: 'hasSome', field: '_id', values: ['c'] });
    expect(toMembersFilter(parseWireFilter({ id: 'm', contactId: { $exists: true } }))).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', field: '_id', value: 'm' },
        { op: 'exists', field: 'contactId', value: true },
      ],
    });
    expect(toDataFilter(parseWireFilter({ id: 'x' }))).toEqual({ op: 'eq', field: 'id', value: 'x' });
  });

  it('refuse unknown operators, operators a service lacks, and malformed filters', () => {
    expect(() => parseWireFilter({ $nor: [] })).toThrow(/\$nor/);
    expect(() => toContactsFilter(parseWireFilter({ 'info.name.first': { $hasAll: ['a'] } }))).toThrow(/\$hasAll/);
    expect(() => toMembersFilter(parseWireFilter({ loginEmail: { $hasAll: ['a'] } }))).toThrow(/\$hasAll/);
    expect(() => toDataFilter(parseWireFilter({ tags: { $hasSome: 'a' } }))).toThrow(/array/);
    expect(() => parseWireFilter([])).toThrow();
    expect(parseWireFilter({})).toBeUndefined();
  });
});
