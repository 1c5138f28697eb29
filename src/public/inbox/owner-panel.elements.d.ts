// The elements the owner panel (owner-panel.ts) expects on the admin-only page or dashboard page that wires it, typed
// for page code as `wix sync-types` would type a page's elements.
interface PageElementsMap {
  '#inboxSetupStatus': $w.Text;
  '#inboxSetupButton': $w.Button;
  '#inboxCounts': $w.Text;
  '#inboxDeadList': $w.Text;
  '#inboxRetryKey': $w.TextInput;
  '#inboxRetryButton': $w.Button;
  '#inboxRetryStatus': $w.Text;
  '#inboxBroadcasts': $w.Text;
  '#inboxRefreshButton': $w.Button;
}
