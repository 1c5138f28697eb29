/**
 * Velo `wix-data.v2` — no package declares it for Velo, so it is declared here in terms of the `@wix/data` SDK types.
 * Only what the emulator implements is declared (the Data Collections API's create and get).
 */
declare module 'wix-data.v2' {
  import type { collections as sdkCollections } from '@wix/data';

  export namespace collections {
    type DataCollection = sdkCollections.DataCollection;

    /** Admin method: call through `elevate`. Needs an ID, at least one field and all four permissions. */
    function createDataCollection(collection: DataCollection): Promise<DataCollection>;
    /** Admin method. Rejects (404) when the collection does not exist. */
    function getDataCollection(dataCollectionId: string): Promise<DataCollection>;
  }
}
