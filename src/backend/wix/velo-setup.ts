import { elevate } from 'wix-auth';
import wixData from 'wix-data';
import { collections } from 'wix-data.v2';
import { messages } from 'wix-inbox.v2';
import type { SiteSetup } from '../inbox/setup';
import { ADMIN, COLLECTION_FIELDS, SETUP_COLLECTIONS } from './collections';
import { isNotFound, translateWixError } from './translate-error';
import { MEMBERS_COLLECTION } from './velo-directory';

/** A conversation ID no site has: listing its messages touches nothing, and how Inbox refuses says whether it exists. */
const NO_CONVERSATION = '00000000-0000-0000-0000-000000000000';
/** What Inbox answers when the site has no Inbox (the SDK's documented listMessages/sendMessage errors). */
const NO_INBOX_CODES: ReadonlySet<string> = new Set(['INBOX_INSTANCE_NOT_FOUND', 'NO_INBOX_INSTANCE']);

/**
 * Site setup on Velo: the Data Collections API (`wix-data.v2` collections, admin-level, so elevated) for velo-inbox's
 * collections, and one wix-data read of the Members app collection to tell whether the Members Area is installed.
 */
export const veloSetup: SiteSetup = {
  async hasCollection(name) {
    try {
      await elevate(collections.getDataCollection)(name);
      return true;
    } catch (error) {
      if (isNotFound(error) || translateWixError(error, `read ${name}`).code === 'SITE_NOT_SET_UP') return false;
      throw translateWixError(error, `read ${name}`);
    }
  },

  async createCollection(name) {
    const fields = COLLECTION_FIELDS[name as (typeof SETUP_COLLECTIONS)[number]];
    if (!fields) throw new Error(`velo-inbox: ${name} is not one of its collections`);
    try {
      await elevate(collections.createDataCollection)({
        _id: name,
        displayName: name,
        fields: fields.map((f) => ({ ...f })),
        permissions: { read: 'ADMIN', insert: 'ADMIN', update: 'ADMIN', remove: 'ADMIN' },
      });
      return true;
    } catch (error) {
      // Another admin created it meanwhile: what matters is that it exists now.
      if (await veloSetup.hasCollection(name).catch(() => false)) return false;
      throw translateWixError(error, `write ${name}`);
    }
  },

  async hasInbox() {
    try {
      await elevate(messages.listMessages)(NO_CONVERSATION, 'BUSINESS', { paging: { limit: 1 } });
      return true;
    } catch (error) {
      const { code } = translateWixError(error, 'listMessages').upstream ?? {};
      if (code !== undefined && NO_INBOX_CODES.has(code)) return false;
      if (isNotFound(error)) return true; // an Inbox that has no such conversation
      throw translateWixError(error, 'listMessages');
    }
  },

  async hasMembersArea() {
    try {
      await wixData.query(MEMBERS_COLLECTION).limit(1).find(ADMIN);
      return true;
    } catch (error) {
      const translated = translateWixError(error, `query ${MEMBERS_COLLECTION}`);
      if (translated.code === 'SITE_NOT_SET_UP') return false;
      throw translated;
    }
  },
};
