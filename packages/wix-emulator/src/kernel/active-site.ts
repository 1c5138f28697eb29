import type { Site } from '../site';

/** The one piece of global state: which site the Velo shims talk to. Many sites may exist in a process. */
let active: Site | undefined;

export function useSite(site: Site | undefined): void {
  active = site;
}

export function activeSite(): Site {
  if (!active) throw new Error('No active emulated site: call useSite(createSite()) first.');
  return active;
}
