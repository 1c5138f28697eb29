/**
 * Emulated `@wix/site` for page code: `authentication.onLogin`, the maintained replacement of the deprecated
 * `wix-members-frontend` `authentication.onLogin` (dev.wix.com/docs/sdk/host-modules/site/authentication/on-login).
 * As in the package's typings (`@wix/authentication`), the handler receives no argument — page code asks
 * `@wix/site-members` `currentMember` who logged in. `onLogin` returns a function that does nothing, as on a Velo site:
 * `@wix/authentication`'s Velo implementation (`WixVeloAuthenticationApi.onLogin`) registers the handler with
 * `wix-members-frontend` and returns `() => { }`, so the handler keeps firing (the typed `Unsubscribe` unsubscribes
 * only off Velo, in headless).
 * The page runtime hands this module to page code only (src/pages/page-module.ts); backend code importing
 * `@wix/site` gets the real package.
 */
import type { authentication as SiteAuthentication } from '@wix/site';
import { activeSite } from '../../kernel/active-site';

type Emulated = Pick<typeof SiteAuthentication, 'onLogin'>;

export const authentication = {
  /** Handlers belong to the site active when the page registered them; `act.logIn` runs them as the member. */
  onLogin: (handler: () => void) => {
    // Called with no argument, as Wix calls it: a handler written for the old API (expecting the member) fails here.
    activeSite().members.addLoginListener(() => handler());
    return () => {};
  },
} satisfies Emulated;
