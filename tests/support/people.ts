/** The one fixture generator for people on an emulated site: the emulator's, under the name velo-inbox's tests import. */
export { registerMember, seedContact, seedMember } from 'wix-emulator/testing';
export type { ContactSeed, MemberSeed } from 'wix-emulator/testing';
