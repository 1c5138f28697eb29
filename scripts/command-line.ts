import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A script's options, read strictly with node's parseArgs, plus `-h`/`--help`: prints `usage` and exits 0. A mistyped
 * option prints what was wrong and the usage, and exits 2 — never a stack trace.
 */
export function readCommandLine<const O extends Options>(usage: string, options: O, argv: readonly string[] = process.argv.slice(2)) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed.values;
}

/** What to print for an error that ended a script: a mistyped option as its message and the usage, anything else whole. */
export function describeFailure(error: unknown, usage: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return `${(error as Error).message}\n\n${usage}`;
  return error;
}
