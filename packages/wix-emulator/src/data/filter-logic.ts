/**
 * The logical part of a query filter (`and`, `or`, `not`), shared by the contacts and wix-data query engines. Each
 * engine compiles its own field conditions; this combines them into one predicate, built once per query.
 */
export type Logical<F> = { readonly op: 'and' | 'or'; readonly filters: readonly F[] } | { readonly op: 'not'; readonly filter: F };

export type Test<T> = (value: T) => boolean;

export function compileLogical<T, F extends { readonly op: string }>(
  filter: F | undefined,
  compileField: (field: Exclude<F, Logical<F>>) => Test<T>,
): Test<T> {
  if (!filter) return () => true;
  const compile = (f: F): Test<T> => compileLogical(f, compileField);
  const logical = filter as F & Partial<Logical<F>>;
  switch (logical.op) {
    case 'and':
      return allOf((logical as { filters: readonly F[] }).filters.map(compile));
    case 'or':
      return anyOf((logical as { filters: readonly F[] }).filters.map(compile));
    case 'not': {
      const test = compile((logical as { filter: F }).filter);
      return (value) => !test(value);
    }
    default:
      return compileField(filter as Exclude<F, Logical<F>>);
  }
}

// Plain loops: these run once per record and condition, so they allocate nothing.
function allOf<T>(tests: readonly Test<T>[]): Test<T> {
  return (value) => {
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

function anyOf<T>(tests: readonly Test<T>[]): Test<T> {
  return (value) => {
    for (const test of tests) if (test(value)) return true;
    return false;
  };
}
