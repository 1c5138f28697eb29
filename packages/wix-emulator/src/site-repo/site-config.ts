import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataAction, PermissionLevel } from '../data/data-permissions';
import type { ElementSpec, ElementType } from '../pages/element-host';
import type { FormField, PageLayout } from '../pages/page-layout';
import { SiteRepoError } from './errors';
import { readJsonc } from './jsonc';

/** The file, at a site repo's root, holding what Wix keeps outside the repo. */
export const SITE_CONFIG_FILE = 'wix-emulator.json';

/** A collection as created in the CMS: its per-action permissions (unset: read `Anyone`, writes `Admin`, as the controls). */
export interface ConfiguredCollection {
  readonly name: string;
  readonly permissions: Partial<Record<DataAction, PermissionLevel>>;
}

/**
 * What a Wix site has that its repo does not: the collections created in the CMS and the pages' elements as laid out
 * in the editor (Wix Git Integration syncs code only). A repo without the file has neither: no collections, and pages
 * with no elements declared.
 */
export interface SiteConfig {
  readonly collections: readonly ConfiguredCollection[];
  /** In the file's order: the local UI shows the first. */
  readonly pages: readonly PageLayout[];
}

const EMPTY: SiteConfig = { collections: [], pages: [] };
const ACTIONS: readonly DataAction[] = ['read', 'insert', 'update', 'remove'];
const LEVELS: readonly PermissionLevel[] = ['Anyone', 'SiteMember', 'SiteMemberAuthor', 'Admin'];
const ELEMENT_TYPES: readonly ElementType[] = ['Text', 'Button', 'TextInput', 'WixForms', 'WixFormsV2'];
const FIELD_INPUTS: readonly FormField['input'][] = ['text', 'email', 'textarea'];

/**
 * Reads `wix-emulator.json` (JSON with comments, as the repo's other config files):
 *
 * ```jsonc
 * {
 *   "collections": { "Orders": { "permissions": { "read": "Admin", "insert": "Anyone" } } },
 *   "pages": {
 *     "Contact": {
 *       "module": "src/pages/Contact.bx7e2.js",
 *       "caption": "What the page is",
 *       "elements": { "#form": { "type": "WixFormsV2", "formName": "Contact us" }, "#status": { "type": "Text", "hidden": true } },
 *       "formFields": { "#form": [{ "name": "email", "label": "Email", "input": "email", "required": true }] }
 *     }
 *   }
 * }
 * ```
 *
 * Every entry is checked: a wrong one is a `SITE_CONFIG_INVALID` error naming the file and the key, never a
 * collection or page the site would not have on Wix.
 */
export function readSiteConfig(root: string): SiteConfig {
  const file = join(root, SITE_CONFIG_FILE);
  if (!existsSync(file)) return EMPTY;
  const fail = (message: string) => new SiteRepoError('SITE_CONFIG_INVALID', `${SITE_CONFIG_FILE}: ${message}`);
  const config = readJsonc(readFileSync(file, 'utf8'), ({ kind, line, column }) => fail(`${line}:${column}: not valid JSON with comments (${kind})`));
  const top = record(config, 'the file', fail);
  for (const key of Object.keys(top)) if (key !== 'collections' && key !== 'pages') throw fail(`unknown key "${key}" (only "collections" and "pages")`);
  const collections = Object.entries(record(top.collections ?? {}, '"collections"', fail)).map(([name, value]) => collection(name, value, fail));
  const pages = Object.entries(record(top.pages ?? {}, '"pages"', fail)).map(([name, value]) => page(root, name, value, fail));
  return { collections, pages };
}

type Fail = (message: string) => SiteRepoError;

function record(value: unknown, what: string, fail: Fail): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function collection(name: string, value: unknown, fail: Fail): ConfiguredCollection {
  // Wix collection IDs: letters, digits, `_` and `-`; `/` is reserved for app collections (`Members/FullData`).
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw fail(`collections."${name}": not a collection ID (letters, digits, _ and -, starting with a letter)`);
  const entry = record(value, `collections."${name}"`, fail);
  for (const key of Object.keys(entry)) if (key !== 'permissions') throw fail(`collections."${name}": unknown key "${key}" (only "permissions")`);
  const given = record(entry.permissions ?? {}, `collections."${name}".permissions`, fail);
  const permissions: Partial<Record<DataAction, PermissionLevel>> = {};
  for (const [action, level] of Object.entries(given)) {
    if (!(ACTIONS as readonly string[]).includes(action)) throw fail(`collections."${name}".permissions: unknown action "${action}" (${ACTIONS.join(', ')})`);
    if (!(LEVELS as readonly unknown[]).includes(level)) throw fail(`collections."${name}".permissions.${action}: ${JSON.stringify(level)} is not one of ${LEVELS.join(', ')}`);
    permissions[action as DataAction] = level as PermissionLevel;
  }
  return { name, permissions };
}

function page(root: string, name: string, value: unknown, fail: Fail): PageLayout {
  const where = `pages."${name}"`;
  const entry = record(value, where, fail);
  for (const key of Object.keys(entry)) {
    if (!['module', 'caption', 'elements', 'formFields'].includes(key)) throw fail(`${where}: unknown key "${key}" (module, caption, elements, formFields)`);
  }
  const { module, caption } = entry;
  if (typeof module !== 'string' || !/^src\/pages\/[^/]+\.js$/.test(module)) throw fail(`${where}.module: the page's code as "src/pages/<file>.js"`);
  if (!existsSync(join(root, module))) throw fail(`${where}.module: ${module} is not in the repo`);
  if (caption !== undefined && typeof caption !== 'string') throw fail(`${where}.caption must be text`);
  const elements = record(entry.elements ?? {}, `${where}.elements`, fail);
  for (const [selector, spec] of Object.entries(elements)) element(`${where}.elements."${selector}"`, selector, spec, fail);
  const formFields = record(entry.formFields ?? {}, `${where}.formFields`, fail);
  for (const [selector, fields] of Object.entries(formFields)) {
    const at = `${where}.formFields."${selector}"`;
    const type = typeOf(elements[selector]);
    if (type !== 'WixForms' && type !== 'WixFormsV2') throw fail(`${at}: ${selector} is not a form element of the page`);
    if (!Array.isArray(fields)) throw fail(`${at} must be a list of fields`);
    fields.forEach((field: unknown, index) => formField(`${at}[${index}]`, field, fail));
  }
  return {
    title: name,
    modulePath: module,
    elements: elements as Record<string, ElementSpec>,
    ...(Object.keys(formFields).length > 0 ? { formFields: formFields as Record<string, FormField[]> } : {}),
    ...(caption === undefined ? {} : { caption }),
  };
}

function typeOf(spec: unknown): unknown {
  return typeof spec === 'string' ? spec : (spec as { type?: unknown } | undefined)?.type;
}

function element(where: string, selector: string, spec: unknown, fail: Fail): void {
  if (!/^#[A-Za-z][A-Za-z0-9_]*$/.test(selector)) throw fail(`${where}: an element ID is "#" and letters, digits or _`);
  const type = typeOf(spec);
  if (!(ELEMENT_TYPES as readonly unknown[]).includes(type)) throw fail(`${where}: type ${JSON.stringify(type)} is not one the emulator has (${ELEMENT_TYPES.join(', ')})`);
}

function formField(where: string, value: unknown, fail: Fail): void {
  const field = record(value, where, fail);
  if (typeof field.name !== 'string' || field.name === '') throw fail(`${where}.name must be the field's key`);
  if (typeof field.label !== 'string') throw fail(`${where}.label must be text`);
  if (!(FIELD_INPUTS as readonly unknown[]).includes(field.input)) throw fail(`${where}.input: one of ${FIELD_INPUTS.join(', ')}`);
  if (field.required !== undefined && typeof field.required !== 'boolean') throw fail(`${where}.required must be true or false`);
}
