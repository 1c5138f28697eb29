import { auth } from '@wix/essentials';
import { members } from '@wix/members';
import { ADMIN_USER_IDS, INBOX_CONFIG } from '../inbox-settings';
import type { AdapterFamily } from '../wix/assemble';
import { sdkFamily } from './composition';
import { elevatedModules } from './modules';
import { sdkIdentity } from './sdk-identity';

/**
 * The SDK family as Wix site code uses it: the modules are called directly (Wix supplies the caller), every call the
 * module makes on the site's data runs through `auth.elevate`, and the caller is read from the session's token — the
 * member's own record as the member, never elevated; a Wix user is the admin only when `ADMIN_USER_IDS` names them.
 */
export const sdkSiteFamily: AdapterFamily = sdkFamily(
  elevatedModules(auth.elevate),
  sdkIdentity({ tokenInfo: () => auth.getTokenInfo(), currentMember: (options) => members.getCurrentMember(options) }, { adminUserIds: ADMIN_USER_IDS }),
  INBOX_CONFIG,
);
