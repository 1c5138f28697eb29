// @ts-check
// velo-inbox settings for this site. This file is yours: velo-inbox's build writes it once, with every default spelled
// out, and never changes it again (an upgrade leaves it as you left it). Delete a key to go back to its default; a
// setting a later velo-inbox adds takes its default until you write it here. Checked when the backend starts: a wrong
// value stops it with an error naming the key and the rule. Change, then publish.

/** @type {import('./inbox/config-types').InboxConfig} */
const config = {
  // Messages the site sends by itself. false: that behaviour sends (and writes) nothing.
  automatic: {
    welcomeOnSignUp: true, // `welcome` to every new member (event wixMembers_onMemberCreated)
    formRecord: true, // each form submission recorded in the submitter's conversation, for the business only
    loginGreeting: true, // `welcome-back` when a member logs in (at most once a day); false switches that template off
    autoAcknowledgement: false, // `auto-acknowledgement` when a participant writes (at most once a day per person)
  },

  // Per template: enabled (false: its sends answer `skipped`), delayMinutes (sent that long after the trigger, by the
  // hourly job — so up to an hour later than that), title and textLines. `{{name}}` only inside an optional `[[…]]`
  // segment, which is left out when the value is missing or not plain words. The site owner can also change the words
  // (per language) in the CMS collection InboxTemplates, without a deploy. A new key adds a template: give it a title,
  // and vars, frequency ('every-time' | 'once-per-participant' | 'once-per-24h') and callableBy (['member', 'visitor'])
  // as needed.
  templates: {
    welcome: {
      enabled: true,
      delayMinutes: 0,
      title: 'Welcome aboard[[, {{name}}]]!',
      textLines: ['Thanks for joining. Reply here any time — this conversation reaches our team directly.'],
    },
    'welcome-back': {
      enabled: true,
      delayMinutes: 0,
      title: 'Welcome back[[, {{name}}]]',
      textLines: ['Good to see you again. Anything we can help with today?'],
    },
    'form-received': {
      enabled: true,
      delayMinutes: 0,
      title: 'We got your message[[, {{name}}]]',
      textLines: ['Thanks for contacting us[[ through "{{formName}}"]]. We usually answer within one business day.'],
    },
    'auto-acknowledgement': {
      enabled: true,
      delayMinutes: 0,
      title: 'Thanks for your message',
      textLines: ['We have received it and will get back to you soon.'],
    },
  },

  // How often anonymous visitors may make the site send its form acknowledgement (sliding windows; RATE_LIMITED past them).
  visitorLimits: {
    perVisitor: { count: 5, windowMinutes: 60 }, // one visitor ID
    allVisitors: { count: 200, windowMinutes: 60 }, // all visitors together
    perRecipient: { count: 5, windowMinutes: 1440 }, // one person, however many visitors ask
    doubleSubmitMinutes: 10, // the same submit again within this time is acknowledged once
  },

  // How long the hourly job keeps what it no longer needs (it holds message text and addresses).
  retention: {
    finishedMessagesDays: 30, // sent, skipped and dead messages in InboxOutbox
    deliveryRecordsDays: 7, // attempt claims and results in InboxDeliveries
  },

  // Rows of InboxTemplates are read again after this many seconds (an edit in the CMS shows within that time).
  ownerWording: { cacheSeconds: 60 },

  // Wix user IDs that are this site's admins for the Wix SDK adapter family (see docs/decisions/0015). Velo sites: unused.
  adminUserIds: [],
};

export default config;
