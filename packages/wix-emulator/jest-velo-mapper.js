// The Velo module names the emulator has a shim for, as jest `moduleNameMapper` entries.
const veloModules = [
  'wix-crm-backend',
  'wix-crm-frontend',
  'wix-data',
  'wix-data.v2',
  'wix-members-backend',
  'wix-members-frontend',
  'wix-members.v2',
  'wix-users-backend',
  'wix-inbox.v2',
  'wix-auth',
  'wix-web-module',
];

/**
 * The mapping a site's own jest config can spread into its `moduleNameMapper`: each Velo module name to where
 * `shimOf(name)` says its shim is (velo-inbox's config passes the package's `wix-emulator/velo/<name>` exports).
 */
const veloModuleNameMapper = (shimOf) => Object.fromEntries(veloModules.map((name) => [`^${name.replace('.', '\\.')}$`, shimOf(name)]));

module.exports = { veloModuleNameMapper };
