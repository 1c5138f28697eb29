/**
 * `npm run emulator`: the local Wix site emulator over HTTP, set up as this project's site (its collections defined,
 * its backend event handlers installed). Wix SDK clients talk to it through a custom fetch (README, "Local emulator
 * over HTTP"); tests drive it through the control routes under /_emulator.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONTROL_PREFIX, controlsFor, createSite, restApp, serveRest, useSite } from '../emulator';
import { installVeloResolution } from '../emulator/pages/velo-resolution';
import { defineProjectCollections } from '../emulator/ui/site-code';

const HELP = `Usage: npm run emulator -- [options]

Serves the emulated Wix REST APIs (contacts, members, inbox, wix-data) on 127.0.0.1,
as this project's site: its collections defined, its backend event handlers installed.

Options:
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

  // The site's backend code imports Velo module names: teach Node where the emulator keeps them.
  installVeloResolution();
  const events = (await import('backend/events')) as Record<string, unknown>;
  const site = createSite({ seed, eventHandlers: events });
  useSite(site);
  if (values.load !== undefined) await controlsFor(site).loadFrom(values.load);
  defineProjectCollections(site);

  const server = await serveRest(restApp(site, { afterReset: defineProjectCollections }), { port });
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
