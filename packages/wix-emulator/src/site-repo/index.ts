/** Loading a Wix site repo's shipped `src/` as Wix loads it (README.md, "Wix's loader rules"). */
export { SiteRepo, describeNotCalled } from './site-repo';
export type { NotCalledHandler, SiteRepoOptions, WebModuleFile } from './site-repo';
export { createSiteFromRepo, defineConfiguredCollections, installSiteRepo } from './install';
export type { InstalledSiteRepo, SiteFromRepo } from './install';
export { readSiteConfig, SITE_CONFIG_FILE } from './site-config';
export type { ConfiguredCollection, SiteConfig } from './site-config';
export { SiteRepoError, isSiteRepoError } from './errors';
export type { SiteRepoErrorCode } from './errors';
export { findExports, readExportForms, exportsWixDoesNotCall, EXPORT_RULE_FILES } from './export-forms';
export type { ExportForm, ExportForms, FoundExport, HandlerExport, NotCalledExport, NotCalledReason } from './export-forms';
export { readJobsConfig, jobModule } from './jobs-config';
export type { ScheduledJob } from './jobs-config';
export { siteTimeGlobals } from './site-clock';
export type { SiteTimeGlobals } from './site-clock';
export { JSONC_OPTIONS, jsoncSyntaxError, readJsonc } from './jsonc';
