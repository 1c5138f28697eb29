/**
 * `wix-members-frontend` (page code): corvid-types 0.4.16 declares only its predecessor `wix-members`. This declares
 * what the emulator implements, after WCD `wix-members-frontend/{CurrentMember,Authentication}.service.json`.
 * Unlike the backend, `currentMember.getMember()` resolves `undefined` when nobody is logged in, and answers the `FULL`
 * fieldset by default.
 */
declare module 'wix-members-frontend' {
  import type { CurrentMember as BackendCurrentMember, Members } from 'wix-members-backend';

  namespace CurrentMember {
    type FieldsetOptions = {
      /** `"FULL"` (default): all fields; `"PUBLIC"`: `_id` and `profile`. */
      fieldsets: ('PUBLIC' | 'FULL')[];
    };
  }

  interface CurrentMember {
    getMember(options?: CurrentMember.FieldsetOptions): Promise<Members.Member | undefined>;
    getRoles(): Promise<BackendCurrentMember.Role[]>;
  }

  namespace Authentication {
    /**
     * Receives the current-member API of the member who just logged in. Deprecated by Wix (2026-09-30): site code uses
     * `@wix/site` `authentication.onLogin` (no argument) with `@wix/site-members` `currentMember` instead.
     */
    type LoginHandler = (member: CurrentMember) => void | Promise<void>;
  }

  interface Authentication {
    onLogin(handler: Authentication.LoginHandler): void;
    logout(): void;
  }

  const currentMember: CurrentMember;
  const authentication: Authentication;
}
