import type { TemplateRowSource } from '../inbox/owner-wording';
import { TEMPLATES_COLLECTION } from './collections';
import type { ItemStore } from './item-store';
import { translateWixError } from './translate-error';

/** Rows read per query: an owner keeps a handful per template; past this many, the newest edits are the ones read. */
const ROWS_MAX = 1000;

/**
 * The owner's wording from the `InboxTemplates` collection, on either family's wix-data module. A site without the
 * collection (setUpInbox() not run since it was added) has no rows: the code's wording is used.
 */
export function itemTemplateRows(data: ItemStore): TemplateRowSource {
  return {
    async rows() {
      try {
        const { items } = await data.query(TEMPLATES_COLLECTION).descending('_updatedDate').limit(ROWS_MAX).find();
        return items.map((item) => ({ id: String(item._id), key: item.key, language: item.language, enabled: item.enabled, title: item.title, text: item.text }));
      } catch (error) {
        const translated = translateWixError(error, `query ${TEMPLATES_COLLECTION}`);
        if (translated.code === 'SITE_NOT_SET_UP') return [];
        throw translated;
      }
    },
  };
}
