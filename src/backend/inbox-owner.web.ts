// Owner panel page code: import { inboxOverview, retryDeadMessage } from 'backend/inbox-owner.web';
//                        const overview = await inboxOverview(); // { ok, value: { counts, cacheBehind, dead, broadcasts } }
import { Permissions, webMethod } from 'wix-web-module';
import { overviewAsCaller, retryAsCaller } from './inbox/owner-access';
import { toWebResult } from './inbox/web-result';
import { family } from './inbox-family';

/** Site admins only (at the door, and again from the backend session inside): the outbox's true counts, dead messages, broadcasts. */
export const inboxOverview = webMethod(Permissions.Admin, () => toWebResult(() => overviewAsCaller(family.dependencies(), family.ownerView)));

/** Site admins only: one dead message tried again, through the same exactly-once path as every send. */
export const retryDeadMessage = webMethod(Permissions.Admin, (key: string) => toWebResult(() => retryAsCaller(family.dependencies(), key)));
