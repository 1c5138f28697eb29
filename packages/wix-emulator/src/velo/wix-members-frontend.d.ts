/**
 * `wix-members-frontend` (page code): corvid-types 0.4.16 declares only its predecessor `wix-members`. This declares
 * what the emulator implements, after WCD `wix-members-frontend/{CurrentMember,Authentication}.service.json`, with
 * the data types of `@wix/site-members` (tests/types/velo-declarations.type-test.ts holds the two together).
 * Unlike the backend, `currentMember.getMember()` resolves `undefined` when nobody is logged in, and answers the `FULL`
 * fieldset by default.
 */
declare module 'wix-members-frontend' {
  import type { currentMember as sdkCurrentMember } from '@wix/site-members';

  namespace CurrentMember {
    /**
     * The frontend member, as `@wix/site-members` (the same API under its SDK name) declares it — not the backend's
     * `Members.Member`, whose images carry an `_id` the frontend ones do not.
     */
    type Member = Awaited<ReturnType<typeof sdkCurrentMember.getMember>>;
    type Role = Awaited<ReturnType<typeof sdkCurrentMember.getRoles>>[number];
    type FieldsetOptions = {
      /** `"FULL"` (default): all fields; `"PUBLIC"`: `_id` and `profile`. */
      fieldsets: ('PUBLIC' | 'FULL')[];
    };
  }

  interface CurrentMember {
    getMember(options?: CurrentMember.FieldsetOptions): Promise<CurrentMember.Member | undefined>;
    getRoles(): Promise<CurrentMember.Role[]>;
  }

  namespace Authentication {
    /**
     * Receives the current-member API of the member who just logged in. Deprecated by Wix (2026-09-30): site code uses
     * `@wix/site` `authentication.onLogin` (no argument) with `@wix/site-members` `currentMember` instead.
     */
    type LoginHandler = (member: CurrentMember) => void | Promise<void>;
  }

  // Both return promises, as `@wix/site-members` (the same API under its SDK name) types them.
  interface Authentication {
    onLogin(handler: Authentication.LoginHandler): Promise<void>;
    logout(): Promise<void>;
  }

  const currentMember: CurrentMember;
  const authentication: Authentication;
}
