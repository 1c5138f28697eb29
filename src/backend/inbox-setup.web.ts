// Admin page or dashboard code: import { setUpInbox, checkInboxSetup } from 'backend/inbox-setup.web';
//                                const report = await setUpInbox(); // { ok, value: { ready, items: [{ item, status, howToFix? }] } }
import { Permissions, webMethod } from 'wix-web-module';
import { setUpSite } from './inbox/setup';
import { toWebResult } from './inbox/web-result';
import { SETUP_COLLECTIONS } from './wix/collections';
import { veloSetup } from './wix/velo-setup';

/** Creates the collections velo-inbox needs (admin-only, elevated inside) and reports every other setup step. */
export const setUpInbox = webMethod(Permissions.Admin, () => toWebResult(() => setUpSite(veloSetup, SETUP_COLLECTIONS, { create: true })));

/** The same report without changing anything: what is missing and how to add it. */
export const checkInboxSetup = webMethod(Permissions.Admin, () => toWebResult(() => setUpSite(veloSetup, SETUP_COLLECTIONS, { create: false })));
