import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/** Every source file of the emulator, repo-relative. */
function sources(dir = join(__dirname, '..', 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : [path];
  });
}

describe('the emulator knows no particular site', () => {
  it("names none of velo-inbox's modules, collections or web methods: what a site has comes from its repo", () => {
    const mentions = sources().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/velo-inbox|inbox\.web|inbox-jobs|InboxOutbox|InboxDeliveries|sendToParticipant|drainInboxOutbox/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(mentions).toEqual([]);
  });
});
