/**
 * Every operation the emulated services answer through `kernel.operate`, by the name the journal and faults use.
 * Site code adds its own at run time: `webMethod.<export>` and `jsw.<export>` for each backend function a page calls.
 * tests/known-operations.test.ts holds this list to the services' source, so it cannot drift.
 */
export const SERVICE_OPERATIONS = [
  'contacts.appendOrCreateContact',
  'contacts.createContact',
  'contacts.getContact',
  'contacts.queryContacts',
  'data.bulkInsert',
  'data.bulkUpdate',
  'data.count',
  'data.createDataCollection',
  'data.distinct',
  'data.get',
  'data.getDataCollection',
  'data.insert',
  'data.query',
  'data.remove',
  'data.save',
  'data.update',
  'forms.submit',
  'inbox.getConversation',
  'inbox.getOrCreateConversation',
  'inbox.listMessages',
  'inbox.sendMessage',
  'members.createMember',
  'members.getCurrentMember',
  'members.getMember',
  'members.getRoles',
  'members.logout',
  'members.queryMembers',
  'users.getEmail',
  'users.getRoles',
] as const;

/** The prefixes of the operations a site's own backend functions are journalled under (page → backend calls). */
export const SITE_CODE_PREFIXES = ['webMethod.', 'jsw.'] as const;

/**
 * Whether `operation` names something a fault can hit: `*`, a service operation, or a site function by a name the
 * site is known to export (`siteFunctions`: the exported names of its backend modules, or the ones seen calling).
 */
export function isKnownOperation(operation: string, siteFunctions: ReadonlySet<string> = new Set()): boolean {
  if (operation === '*') return true;
  if ((SERVICE_OPERATIONS as readonly string[]).includes(operation)) return true;
  const prefix = SITE_CODE_PREFIXES.find((p) => operation.startsWith(p));
  return prefix !== undefined && siteFunctions.has(operation.slice(prefix.length));
}

/** The known operations closest to a mistyped one (by edit distance), for "did you mean …". */
export function closestOperations(operation: string, candidates: readonly string[], limit = 3): string[] {
  const scored = candidates.map((candidate) => ({ candidate, distance: editDistance(operation.toLowerCase(), candidate.toLowerCase()) }));
  const near = scored.filter((s) => s.distance <= Math.max(2, Math.floor(s.candidate.length / 4)));
  return near.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate)).slice(0, limit).map((s) => s.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
