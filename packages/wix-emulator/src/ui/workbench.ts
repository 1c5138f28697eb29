import { closestOperations, isKnownOperation, SERVICE_OPERATIONS, type FaultSpec, type SiteState } from '../index';
import { SITE_CODE_PREFIXES } from '../kernel/operations';
import { webMethodNames, webModuleListings } from './backend-actions';
import type { Notice } from './browser-session';
import { addItem, DataEditError, removeItem, replaceRecord, sourceKey, type DataSource } from './data-model';
import type { LocalSite } from './local-site';
import { UiRequestError } from './ui-error';

/**
 * The developer's tools on the local site, apart from what a visitor or the owner does: faults, latency, the clock,
 * the data browser's edits, and the whole state (reset, import). Each runs in the site's one queue.
 */

/**
 * The site functions a fault can name: the repo's web methods, the ones the site's panels call, and every one already
 * seen calling.
 */
export function siteFunctions(local: LocalSite): Set<string> {
  const names = new Set([...webMethodNames(local.repo), ...local.panels.flatMap((panel) => panel.siteFunctions ?? [])]);
  for (const entry of local.controls.journal.entries()) {
    const prefix = SITE_CODE_PREFIXES.find((p) => entry.operation.startsWith(p));
    if (prefix) names.add(entry.operation.slice(prefix.length));
  }
  return names;
}

/**
 * The operations a fault may target, for the form's suggestions: services first, then the site's functions under the
 * journal's name for them (`jsw.<name>` for a `.jsw` function, `webMethod.<name>` otherwise).
 */
export function faultTargets(local: LocalSite): string[] {
  const functions = new Set(local.repo ? webModuleListings(local.repo).flatMap((l) => ('functions' in l ? l.functions.map((f) => f.operation) : [])) : []);
  for (const name of siteFunctions(local)) if (![...functions].some((op) => op.endsWith(`.${name}`))) functions.add(`webMethod.${name}`);
  return ['*', ...SERVICE_OPERATIONS, ...[...functions].sort()];
}

/** Refuses an operation the emulator never answers, so a typo (`inbox.sendMesage`) is not a fault that never fires. */
export function addFault(local: LocalSite, operation: string, spec: FaultSpec): Promise<Notice> {
  const name = operation.trim();
  if (!isKnownOperation(name, siteFunctions(local))) {
    const near = closestOperations(name, faultTargets(local));
    const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : ' Pick one from the list.';
    throw new UiRequestError('UNKNOWN_OPERATION', `The emulator has no operation ${name}.${hint}`);
  }
  return local.run(async () => {
    local.controls.faults.inject(name, spec);
    return { tone: 'ok', text: `Fault added on ${name}.` };
  });
}

export function removeFault(local: LocalSite, id: number): Promise<Notice> {
  if (!local.controls.faults.list().some((f) => f.id === id)) throw new UiRequestError('NOT_FOUND', 'No such fault (it may have been used up).');
  return local.run(async () => {
    local.controls.faults.remove(id);
    return { tone: 'ok', text: 'Fault removed.' };
  });
}

export function advanceClock(local: LocalSite, ms: number): Promise<Notice> {
  if (!Number.isFinite(ms) || ms <= 0) throw new UiRequestError('INVALID_INPUT', 'Advance the clock by a positive number of minutes.');
  return local.run(async () => {
    local.controls.clock.advance(ms);
    return { tone: 'ok', text: `Clock advanced to ${local.controls.clock.now().toISOString()}.` };
  });
}

export function setLatency(local: LocalSite, ms: number): Promise<Notice> {
  if (!Number.isFinite(ms) || ms < 0) throw new UiRequestError('INVALID_INPUT', 'Latency is a non-negative number of milliseconds.');
  return local.run(async () => {
    local.site.kernel.latencyMs = ms;
    return { tone: 'ok', text: `Every emulated call now takes ${ms} ms of emulated time.` };
  });
}

/** Back to an empty site (the controls' reset), with the site's collections defined again. */
export function resetSite(local: LocalSite): Promise<Notice> {
  return local.replaceState(() => local.controls.reset(), 'The site was reset: no contacts, members, conversations or items; journal and faults cleared. Every browser is a new visitor.');
}

/** Loads an exported state (the Backend view's export, `npm start -- --export-on-exit`, `controls.saveTo`). */
export function importSite(local: LocalSite, json: string): Promise<Notice> {
  const state = parseState(json);
  return local.replaceState(async () => {
    await local.controls.settle();
    const before = local.site.exportState();
    try {
      local.controls.importState(state);
    } catch (error) {
      local.controls.importState(before);
      throw new UiRequestError('INVALID_INPUT', `The site refused this state: ${(error as Error).message}`);
    }
  }, `State imported: ${state.contacts.contacts.length} contact(s), ${state.members.members.length} member(s), ${state.inbox.conversations.length} conversation(s), ${state.data.collections.length} collection(s). Every browser is a new visitor.`);
}

/** An edited record from the data browser, stored in place of the one with its `_id`. */
export function saveRecord(local: LocalSite, source: DataSource, id: string, json: string): Promise<Notice> {
  return local.run(async () => {
    try {
      replaceRecord(local.site, source, id, json);
    } catch (error) {
      if (error instanceof DataEditError) return { tone: 'error', text: error.message };
      throw error;
    }
    return { tone: 'ok', text: `Saved ${id} in ${sourceKey(source)}.` };
  });
}

/** A new collection item from the data browser (`_id` required, as a CMS row has one). */
export function addRecord(local: LocalSite, source: DataSource, json: string): Promise<Notice> {
  return local.run(async () => {
    try {
      return { tone: 'ok', text: `Added ${addItem(local.site, source, json)} to ${sourceKey(source)}.` };
    } catch (error) {
      if (error instanceof DataEditError) return { tone: 'error', text: error.message };
      throw error;
    }
  });
}

export function removeRecord(local: LocalSite, source: DataSource, id: string): Promise<Notice> {
  return local.run(async () => {
    try {
      removeItem(local.site, source, id);
    } catch (error) {
      if (error instanceof DataEditError) return { tone: 'error', text: error.message };
      throw error;
    }
    return { tone: 'ok', text: `Removed ${id} from ${sourceKey(source)}.` };
  });
}

function parseState(json: string): SiteState {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch (error) {
    throw new UiRequestError('INVALID_INPUT', `The file is not JSON: ${(error as Error).message}`);
  }
  const s = state as Partial<SiteState> | null;
  const shaped = s !== null && typeof s === 'object' && s.version === 1 && typeof s.now === 'string' && Array.isArray(s.contacts?.contacts) && Array.isArray(s.members?.members) && Array.isArray(s.inbox?.conversations) && Array.isArray(s.data?.collections);
  if (!shaped) throw new UiRequestError('INVALID_INPUT', 'Not an exported site state (version 1, with contacts, members, inbox and data).');
  return s as SiteState;
}
