// Runs on every page. When a member logs in, greet them in Wix Inbox (at most once a day per member).
import { greetMembersOnLogin } from 'public/inbox/welcome-back';

$w.onReady(() => greetMembersOnLogin());
