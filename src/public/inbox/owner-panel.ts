// The owner panel: wire it to a page only admins can open — an admin-only page, or a dashboard page added in the editor
// (Wix adds dashboard pages only there, not from code) — and call it from that page's code:
//
//   import { initOwnerPanel } from 'public/inbox/owner-panel';
//   $w.onReady(() => initOwnerPanel());
//
// Elements it uses (owner-panel.elements.d.ts): #inboxSetupStatus, #inboxSetupButton, #inboxCounts, #inboxDeadList,
// #inboxRetryKey, #inboxRetryButton, #inboxRetryStatus, #inboxBroadcasts, #inboxRefreshButton. Who may see and do
// anything is decided in the backend (admin only); on any other visitor's screen the panel only says so.
import { checkInboxSetup, setUpInbox } from 'backend/inbox-setup.web';
import { inboxOverview, retryDeadMessage } from 'backend/inbox-owner.web';
import { broadcastsText, countsText, deadText, failureText, retryText, setupText } from 'public/inbox/owner-panel-text';

/** Fills the panel and wires its buttons; resolves once the first look is shown. */
export async function initOwnerPanel(): Promise<void> {
  $w('#inboxSetupButton').onClick(() => setUp());
  $w('#inboxRefreshButton').onClick(() => refresh());
  $w('#inboxRetryButton').onClick(() => retry());
  await refresh();
}

async function refresh(): Promise<void> {
  await Promise.all([showSetup(checkInboxSetup), showOverview()]);
}

async function setUp(): Promise<void> {
  await $w('#inboxSetupButton').disable();
  try {
    await showSetup(setUpInbox);
    await showOverview();
  } finally {
    await $w('#inboxSetupButton').enable();
  }
}

async function showSetup(check: typeof checkInboxSetup): Promise<void> {
  const result = await guarded(check);
  $w('#inboxSetupStatus').text = result.ok ? setupText(result.value) : failureText(result.error);
  if (result.ok && result.value.ready) $w('#inboxSetupButton').hide();
  else $w('#inboxSetupButton').show();
}

async function showOverview(): Promise<void> {
  const result = await guarded(inboxOverview);
  if (!result.ok) {
    $w('#inboxCounts').text = failureText(result.error);
    return;
  }
  // Dates cross the web-method boundary as Dates (Wix's JSON round trip keeps them); rebuilt in case a string arrives.
  const overview = { ...result.value, dead: result.value.dead.map((d) => ({ ...d, at: new Date(d.at) })) };
  $w('#inboxCounts').text = countsText(overview);
  $w('#inboxDeadList').text = deadText(overview);
  $w('#inboxBroadcasts').text = broadcastsText(overview);
}

async function retry(): Promise<void> {
  const key = $w('#inboxRetryKey').value.trim();
  if (key === '') {
    $w('#inboxRetryStatus').text = 'Paste the key of a dead message from the list above.';
    return;
  }
  await $w('#inboxRetryButton').disable();
  try {
    const result = await guarded(() => retryDeadMessage(key));
    $w('#inboxRetryStatus').text = result.ok ? retryText(result.value) : failureText(result.error);
    await showOverview();
  } finally {
    await $w('#inboxRetryButton').enable();
  }
}

/** A web method refused at the door (Permissions.Admin) rejects with a plain "Forbidden" Error instead of answering. */
async function guarded<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>) {
  try {
    return await call();
  } catch (error) {
    const forbidden = error instanceof Error && /forbidden|permission/i.test(error.message);
    return { ok: false as const, error: { code: forbidden ? 'PERMISSION_DENIED' : 'INBOX_UNAVAILABLE', message: 'The call failed.' } };
  }
}
