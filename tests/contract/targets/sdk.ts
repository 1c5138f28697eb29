import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { contacts, labels } from '@wix/crm';
import { sdkPorts } from 'backend/wix-sdk/composition';
import { SDK_MODULES } from 'backend/wix-sdk/modules';
import { sdkItems } from 'backend/wix-sdk/sdk-items';
import type { Identity } from 'backend/inbox/ports';

/** A real @wix/sdk client of every module the SDK family and the fixtures use. */
export function sdkClient(auth: { apiKey: string; siteId: string }, fetch?: typeof globalThis.fetch) {
  return createClient({
    modules: { ...SDK_MODULES, labels },
    auth: ApiKeyStrategy(auth),
    ...(fetch ? { fetch } : {}),
  });
}

export type SdkClient = ReturnType<typeof sdkClient>;

/** An API-key client is the site's admin: the identity the SDK ports run with in these targets. */
export const adminIdentity: Identity = { currentCaller: async () => ({ kind: 'admin' }) };

/** The SDK family's ports on a client's bound modules, as `createInbox` builds them. */
export function portsOn(client: SdkClient, now: () => Date) {
  const ports = sdkPorts(client.use(SDK_MODULES), adminIdentity);
  return { ports, rateLimiter: ports.rateLimiter(now), items: sdkItems(client.use(SDK_MODULES).items) };
}

/** Contacts created for a test, labelled so a person can find them, removed when the test ends. */
export function contactFixtures(client: SdkClient, label: string) {
  const created: string[] = [];
  let labelKey: string | undefined;
  return {
    async createContact(email: string): Promise<string> {
      labelKey ??= (await client.labels.findOrCreateLabel(label)).label?.key;
      const { contact } = await client.contacts.createContact(
        { emails: { items: [{ email, tag: contacts.EmailTag.MAIN }] }, ...(labelKey ? { labelKeys: { items: [labelKey] } } : {}) },
        { allowDuplicates: true },
      );
      if (!contact?._id) throw new Error('createContact returned no contact');
      created.push(contact._id);
      return contact._id;
    },
    async removeAll(): Promise<void> {
      for (const id of created.splice(0)) await client.contacts.deleteContact(id);
    },
  };
}
