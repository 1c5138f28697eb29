/**
 * `npm run build`: turns velo-inbox's TypeScript into the JavaScript Velo runs (docs/decisions/0001, 0014).
 *
 *   npm run build -- --site ../my-site     into a clone of your Wix site's repo: only velo-inbox's files, merged blocks
 *   npm run build                          the standalone demo site → dist/site (a complete site repo)
 *   npm run build -- --help                every option
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { applyChanges, assertWritable, BuildStop } from './build/plan';
import { planBuild, type BuildOptions, type BuildPlan } from './build/plan-build';

export { isSkipped, outputName, unusedFamilyFolder } from './build/plan-build';
export type { BuildOptions, BuildPlan } from './build/plan-build';

const USAGE = `Usage: npm run build -- [options]

Builds velo-inbox's TypeScript (src/) into the JavaScript a Wix site runs.

  --site <dir>    Build into a clone of your Wix site's GitHub repo (it has wix.config.json). Writes only velo-inbox's
                  own files (src/backend/inbox*, src/backend/wix*, src/public/inbox/), adds marked blocks to the site's
                  events.js and masterPage.js, adds its job to jobs.config and its npm packages to package.json
                  (edited in place: your comments and formatting stay). Deletes and overwrites nothing of the site's.
                  Event handlers are declared as \`export async function X(event)\`, the form Wix calls; a handler of
                  yours with the same name is renamed site_X and runs first (Wix calls one export per event).
                  Stops, writing nothing, with the lines to write where it cannot do that safely.
                  Lists the repo's uncommitted changes first. Run it again after every change: three runs = one run.
  --out <dir>     Without --site: where to put the standalone site (default dist/site).
  --dry-run       Print what would change; write nothing.
  --legacy-jsw    Also ship backend/inbox.jsw (deprecated by Wix; only for pages that still import it) and its
                  permissions.json entry.
  --root <dir>    The velo-inbox project to build (default: this one).
  -h, --help      This text.

Then: cd <dir> && wix install && wix dev     (preview)    wix publish --source local     (publish)`;

export interface BuildRequest extends BuildOptions {
  readonly dryRun?: boolean;
}

/**
 * Plans the build, checks every path it would write (a dry run stops where the real run would), then, unless it is a
 * dry run, writes it all or nothing. `beforeWrite` sees the plan first (the command line lists uncommitted changes).
 */
export function buildSite(request: BuildRequest, beforeWrite?: (plan: BuildPlan) => void): BuildPlan {
  const root = resolve(request.root);
  const target = resolve(request.target);
  if (request.mode === 'standalone') assertSafeOutDir(root, target);
  const plan = planBuild({ ...request, root, target });
  assertWritable(target, plan.changes);
  beforeWrite?.(plan);
  if (!request.dryRun) applyChanges(target, plan.changes);
  return plan;
}

/** The standalone output must not contain or sit inside the sources. */
function assertSafeOutDir(root: string, outDir: string): void {
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);
  if (inside(root, outDir) || inside(outDir, join(root, 'src'))) {
    throw new Error(`build-site: refusing to use ${outDir} as output: it contains or is inside the sources`);
  }
}

export function main(argv: readonly string[], log: (line: string) => void = console.log): void {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      site: { type: 'string' },
      out: { type: 'string' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'legacy-jsw': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    log(USAGE);
    return;
  }
  if (values.site !== undefined && values.out !== undefined) throw new Error('build-site: --site and --out exclude each other (see --help)');
  const root = resolve(values.root ?? join(__dirname, '..'));
  const site = values.site !== undefined;
  const target = resolve(values.site ?? values.out ?? process.env.BUILD_SITE_OUT ?? join(root, 'dist', 'site'));
  if (site && !existsSync(target)) throw new Error(`build-site: ${target} does not exist: clone your site's repo there first`);
  const dryRun = values['dry-run'];
  const shown = relative(process.cwd(), target) || '.';
  const plan = buildSite({ root, target, mode: site ? 'site' : 'standalone', legacyJsw: values['legacy-jsw'], dryRun }, ({ uncommitted }) => {
    if (uncommitted && uncommitted.length > 0) {
      log(`build-site: ${shown} has uncommitted changes (yours; the build ${dryRun ? 'would write' : 'writes'} beside them, commit first to tell them apart):`);
      for (const line of uncommitted) log(`  ${line}`);
    }
  });

  const changed = plan.effects.filter((e) => e.effect !== 'unchanged');
  log(`build-site: ${dryRun ? 'would change' : 'changed'} ${changed.length} of ${plan.effects.length} files in ${shown}${dryRun ? ' (dry run: nothing written)' : ''}`);
  for (const e of changed) log(`  ${e.effect.padEnd(7)} ${e.path}  (${e.why})`);
  for (const note of plan.notes) log(`• ${note}`);
  if (site) {
    log(`• Contact page: in your contact page's code add  import { acknowledgeContactForms } from 'public/inbox/contact-form';`);
    log(`  and  $w.onReady(() => acknowledgeContactForms('Contact us'));  (elements #contactForm or #contactFormV2, #formStatus)`);
    log(`• Then: cd ${shown} && wix install && wix dev   · publish: wix publish --source local (or commit and push)`);
  } else {
    log(`• Standalone site. To deploy velo-inbox into your own site use --site (see --help).`);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    const usage = (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `\n\n${USAGE}` : '';
    console.error(`${error instanceof BuildStop ? 'build-site stopped: ' : ''}${error instanceof Error ? error.message : String(error)}${usage}`);
    process.exitCode = 1;
  }
}
