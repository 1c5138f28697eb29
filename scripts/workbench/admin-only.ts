import type { DataAction, PermissionLevel } from 'wix-emulator';

/**
 * The permissions velo-inbox's collections get in the CMS, as the README tells site owners to create them: read,
 * create, update and delete for admins only (backend code reaches them elevated). One place for the build's
 * wix-emulator.json entries and for every emulated site that runs the sources.
 */
export const ADMIN_ONLY: Readonly<Record<DataAction, PermissionLevel>> = { read: 'Admin', insert: 'Admin', update: 'Admin', remove: 'Admin' };
