/**
 * `wix-emulator --site <repo>`: any Wix site repo on the emulator over HTTP — its shipped code as Wix loads it, the
 * emulated REST APIs the @wix/* SDK calls, the test controls under /_emulator, and with --ui the local UI. `--help`.
 */
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from './rest/controls-routes';
import { serveSiteRepo } from './serve-site';

const HELP = `Usage: wix-emulator --site <repo> [options]

Runs a Wix site repo's shipped code (src/, as Wix Git Integration keeps it) on the local Wix emulator: its events.js
handlers, web modules, jobs and pages, with the collections and page layouts its wix-emulator.json declares.

Options:
  --site <repo>     the Wix site repo to run (required)
  --port <n>        port to listen on, on 127.0.0.1 (default 8484; 0 picks a free one)
  --load <file>     start from a site state saved earlier (the UI's export, controls.saveTo)
  --seed <n>        seed for IDs and fault probabilities (default 1)
  --ui              also serve the local UI under /_ui
  -h, --help        show this help

Requests with an Authorization header act as the site admin (any API key).
Test-only controls (seed, act, inspect, faults, clock, journal, state, reset) are under ${CONTROL_PREFIX}/.`;

/** A command line the emulator refuses: exit code 2, with the usage. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

function readOptions(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      site: { type: 'string' },
      port: { type: 'string', default: '8484' },
      load: { type: 'string' },
      seed: { type: 'string', default: '1' },
      ui: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (values.site === undefined) throw new UsageError('--site <repo> is required: the Wix site repo to run');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  return { root: values.site, port, seed, ui: values.ui === true, ...(values.load === undefined ? {} : { load: values.load }) };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  const served = await serveSiteRepo(options);
  console.log(`Running ${options.root} as Wix loads a site repo`);
  console.log(`Wix emulator listening on ${served.url}`);
  console.log(`Test controls under ${served.url}${CONTROL_PREFIX}`);
  if (options.ui) console.log(`Local UI at ${served.url}/_ui`);
  const stop = () => void served.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof UsageError) console.error(`\n${HELP}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
