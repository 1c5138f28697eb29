/** Why the emulator refused to load part of a site repo: each one a rule Wix applies when it loads the site. */
export type SiteRepoErrorCode =
  | 'NOT_A_SITE_REPO'
  | 'MODULE_NOT_FOUND'
  | 'MODULE_NOT_PROVIDED'
  | 'PACKAGE_NOT_LISTED'
  | 'RELATIVE_IMPORT'
  | 'BACKEND_ONLY_MODULE'
  | 'NOT_A_WEB_MODULE'
  | 'NOT_VALID_JAVASCRIPT'
  | 'JOBS_CONFIG_INVALID'
  | 'PERMISSIONS_INVALID'
  | 'SITE_CONFIG_INVALID'
  | 'JOB_NOT_FOUND';

/** A site repo that Wix would not run as written; the message names the module and the file that imported it. */
export class SiteRepoError extends Error {
  override readonly name = 'SiteRepoError';
  constructor(
    readonly code: SiteRepoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isSiteRepoError(error: unknown): error is SiteRepoError {
  return error instanceof SiteRepoError;
}
