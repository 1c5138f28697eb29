import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closestOperations, isKnownOperation, SERVICE_OPERATIONS } from '../src/kernel/operations';

/** Every `.ts` file under the emulator, for the operation names its services pass to `kernel.operate`. */
function emulatorSources(dir = join(__dirname, '..', 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return emulatorSources(path);
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the operations the emulator knows', () => {
  it('are exactly the names its services pass to operate()', () => {
    const used = new Set(emulatorSources().flatMap((source) => [...source.matchAll(/operate(?:<[^>]*>)?\(\s*'([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1])));
    expect([...SERVICE_OPERATIONS].sort()).toEqual([...used].sort());
  });

  it('take a site function only by a name the site exports, and * for everything', () => {
    const site = new Set(['sendToParticipant']);
    expect(isKnownOperation('inbox.sendMessage')).toBe(true);
    expect(isKnownOperation('*')).toBe(true);
    expect(isKnownOperation('webMethod.sendToParticipant', site)).toBe(true);
    expect(isKnownOperation('webMethod.sendToNobody', site)).toBe(false);
    expect(isKnownOperation('inbox.sendMesage', site)).toBe(false);
  });

  it('suggest the closest names for a typo', () => {
    expect(closestOperations('inbox.sendMesage', [...SERVICE_OPERATIONS])[0]).toBe('inbox.sendMessage');
    expect(closestOperations('nothing.like.it', [...SERVICE_OPERATIONS])).toEqual([]);
  });
});
