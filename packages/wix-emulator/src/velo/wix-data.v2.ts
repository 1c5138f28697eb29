// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an import cannot load an ambient declaration file
/// <reference path="./wix-data.v2.d.ts" />
import type { collections as VeloCollections } from 'wix-data.v2';
import { activeSite } from '../kernel/active-site';

/** `wix-data.v2` for site code under test: the Data Collections API of the active emulated site. */
export const collections = {
  createDataCollection: (collection) => activeSite().data.createDataCollection(collection) as unknown as Promise<VeloCollections.DataCollection>,
  getDataCollection: (id) => activeSite().data.getDataCollection(id) as unknown as Promise<VeloCollections.DataCollection>,
} satisfies Pick<typeof VeloCollections, 'createDataCollection' | 'getDataCollection'>;
