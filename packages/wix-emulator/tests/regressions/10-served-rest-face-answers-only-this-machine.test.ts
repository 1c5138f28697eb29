import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { contacts } from '@wix/crm';
import { seedContact } from '../../src/testing';
import { apiKeyClient, controlsFor, createSite, httpTarget, restApp, serveRest, type RunningServer, type Site } from '../../src';

// The served REST face (npm start, npm run emulator) takes the caller from a private header and exposes the
// /_emulator controls. A web page the developer visits could reach it two ways: a DNS-rebound name that resolves to
// 127.0.0.1 (same origin, so custom headers pass: any caller, admin included), or a plain cross-site POST, which needs
// no preflight (a reset or a state import from any site).

let site: Site;
let server: RunningServer;
beforeEach(async () => {
  site = createSite({ seed: 1 });
  seedContact(site, { email: 'ann@example.com' });
  server = await serveRest(restApp(site));
});
afterEach(async () => {
  await server.close();
  await site.events.settle();
});

/** A raw HTTP request (node:http lets a test name any Host, as a rebound browser would send it). */
function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const ADMIN = JSON.stringify({ kind: 'admin', visitorId: 'v', userId: 'u' });

describe('the served REST face answers only this machine', () => {
  it('refuses a request naming another host (DNS rebinding), controls and Wix paths alike', async () => {
    const inspect = await send('GET', '/_emulator/inspect/contacts', { host: `rebound.example:${server.port}` });
    expect(inspect.status).toBe(403);
    expect(inspect.text).not.toContain('ann@example.com');
    const query = await send('POST', '/contacts/v4/contacts/query', { host: `rebound.example:${server.port}`, 'x-emulator-caller': ADMIN, 'content-type': 'application/json' }, '{}');
    expect(query.status).toBe(403);
    expect(query.text).not.toContain('ann@example.com');
  });

  it('refuses a cross-site browser request (a form or text/plain POST needs no preflight) and leaves the site as it was', async () => {
    const host = `127.0.0.1:${server.port}`;
    expect((await send('POST', '/_emulator/reset', { host, origin: 'https://evil.example', 'content-type': 'text/plain' }, '{}')).status).toBe(403);
    expect((await send('POST', '/_emulator/reset', { host, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }, '{}')).status).toBe(403);
    expect((await send('POST', '/_emulator/reset', { host, 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' }, '{}')).status).toBe(403);
    expect((await send('POST', '/_emulator/reset', { host, origin: 'null', 'content-type': 'text/plain' }, '{}')).status).toBe(403);
    expect(controlsFor(site).inspect.contacts()).toHaveLength(1);
  });

  it('still answers local tools: a Node SDK client, and a page of the local UI itself', async () => {
    const host = `127.0.0.1:${server.port}`;
    const client = apiKeyClient(httpTarget(server.url), { contacts });
    const { items } = await client.contacts.queryContacts().find();
    expect(items).toHaveLength(1);
    const local = await send('GET', '/_emulator/inspect/contacts', { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}`, 'sec-fetch-site': 'same-origin' });
    expect(local.status).toBe(200);
    // The UI's pages send no referrer, so Chromium's own form posts carry `Origin: null` beside Sec-Fetch-Site.
    const ownForm = await send('POST', '/_emulator/settle', { host, origin: 'null', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, '{}');
    expect(ownForm.status).toBe(200);
  });
});
