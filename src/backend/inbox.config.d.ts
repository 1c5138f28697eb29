// Types for `import config from './inbox.config'` in this project's TypeScript (the site's file itself is JavaScript,
// typed for editors by its JSDoc `@type`). Not shipped: the build skips declarations.
import type { InboxConfig } from './inbox/config-types';

declare const config: InboxConfig;
export default config;
