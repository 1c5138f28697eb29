/**
 * `npm run emulator`: the local Wix site emulator over HTTP (wix-emulator's `serveSiteRepo`, as its own
 * `wix-emulator --site <repo>` serves a repo), running a Wix site repo's shipped code as Wix loads it
 * (wix-emulator's site-repo loader): by default this project's own build, or `--site <repo>`. The collections its
 * wix-emulator.json declares are defined and its events.js handlers installed (only those in a form Wix calls). Wix
 * SDK clients talk to it through a custom fetch (README, "The local emulator"); tests drive it through the control
 * routes under /_emulator.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX } from 'wix-emulator';
import { serveSiteRepo } from 'wix-emulator/serve';
import { siteRepoRoot } from './site-repo-option';

const HELP = `Usage: npm run emulator -- [options]

Serves the emulated Wix REST APIs (contacts, members, inbox, wix-data) on 127.0.0.1, running a Wix site
repo's shipped code as Wix loads it: the collections its wix-emulator.json declares defined, its events.js
handlers installed.

Options:
  --site <repo>     the Wix site repo to run (default: this project, built now into a temp dir)
  --port <n>        port to listen on (default 8484; 0 picks a free one)
  --load <file>     start from a site state saved earlier (controls.saveTo, npm start --save)
  --seed <n>        seed for IDs and fault probabilities (default 1)
  -h, --help        show this help

Requests with an Authorization header act as the site admin (any API key).
Test-only controls (seed, act, inspect, faults, clock, journal, state, reset) are under ${CONTROL_PREFIX}/.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8484' },
      site: { type: 'string' },
      load: { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (values.load !== undefined && !existsSync(values.load)) throw new Error(`--load: no such file ${values.load}`);

  const { root, built } = siteRepoRoot(values.site);
  const server = await serveSiteRepo({ root, port, seed, ...(values.load === undefined ? {} : { load: values.load }) });
  console.log(`Running ${built ? "this project's build" : root} as Wix loads a site repo`);
  console.log(`Wix emulator listening on ${server.url}`);
  console.log(`Test controls under ${server.url}${CONTROL_PREFIX}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
