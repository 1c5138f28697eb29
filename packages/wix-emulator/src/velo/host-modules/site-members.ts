/**
 * Emulated `@wix/site-members` for page code: `currentMember.getMember/getRoles`, the same frontend behaviour as
 * `wix-members-frontend` (`getMember` resolves `undefined` for visitors and answers the `FULL` fieldset by default).
 * Its `authentication` is not emulated: its `onLogin` is deprecated like the Velo one; page code uses `@wix/site`.
 */
import type { currentMember as SiteCurrentMember } from '@wix/site-members';
import type { Members } from 'wix-members-backend';
import { activeSite } from '../../kernel/active-site';

type Emulated = Pick<typeof SiteCurrentMember, 'getMember' | 'getRoles'>;
type FieldsetOptions = Parameters<Emulated['getMember']>[0];

export const currentMember = {
  // The package types `fieldsets` as any strings (the members service refuses anything but PUBLIC and FULL) and the
  // result as `Promise<Member>`, although its own doc comment says a visitor gets `undefined` — which the emulator
  // answers, so page code must handle it. Apart from that `undefined`, the member shapes agree
  // (tests/types/velo-declarations.type-test.ts).
  getMember: ((options?: FieldsetOptions) =>
    activeSite().members.getCurrentMember(options as Members.FieldsetOptions | undefined, 'frontend')) as Emulated['getMember'],
  getRoles: () => activeSite().members.getRoles(),
} satisfies Emulated;
