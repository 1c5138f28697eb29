// Type-level fidelity: the Velo modules no package declares are declared by hand (src/velo/*.d.ts); wherever
// an official `@wix/*` package declares the same API, the two are asserted to agree here. Checked by `npm run
// typecheck` (tsconfig.json includes tests/**), never run by jest: a mismatch fails the build.
//
// One build flavour only: every `@wix/*` import below resolves through the package's `import` condition (the ES
// build: `@wix/inbox` build/es/index.d.mts, `@wix/essentials` build/index.d.ts, `@wix/web-methods` dist/index.d.ts,
// `@wix/site-members` dist/types), as the declarations under test import them. Comparing with the CommonJS copies
// would make equal enums differ (TypeScript treats each copy's enum as its own type).
//
// Hand-written declarations and their counterparts:
//   wix-inbox.v2          ↔ @wix/inbox conversations / messages          (below)
//   wix-members-frontend  ↔ @wix/site-members currentMember / authentication (below)
//   wix-auth elevate      ↔ @wix/essentials auth.elevate                 (below)
//   wix-web-module        ↔ @wix/web-methods                             (below)
//   wix-data.v2           ↔ @wix/data collections (create, get)          (below)
//   wix-crm-frontend      — written with corvid-types' own `wix-crm-backend` types; its SDK relative
//                           (`@wix/crm` submittedContact.appendOrCreateContact) differs by design: `info.emails.items[]`
//                           for Velo's `info.emails[]`, and every result field optional
//   src/pages/wix-forms-v2.d.ts ($w.WixFormsV2) and the pages' element maps: no package declares them

// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient module declarations have no import form
/// <reference path="../../src/velo/wix-inbox.v2.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../src/velo/wix-members-frontend.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../src/velo/wix-auth.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../src/velo/wix-web-module.d.ts" />
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../src/velo/wix-data.v2.d.ts" />
import type { collections as sdkCollections } from '@wix/data';
import type { auth as sdkAuth } from '@wix/essentials';
import type { conversations as sdkConversations, messages as sdkMessages } from '@wix/inbox';
import type { authentication as sdkMembersAuthentication, currentMember as sdkCurrentMember } from '@wix/site-members';
import type { Permissions as SdkPermissions, webMethod as sdkWebMethod } from '@wix/web-methods';
import type { elevate as veloElevate } from 'wix-auth';
import type { collections as veloCollections } from 'wix-data.v2';
import type { conversations as veloConversations, messages as veloMessages } from 'wix-inbox.v2';
import type { authentication as veloMembersAuthentication, currentMember as veloCurrentMember } from 'wix-members-frontend';
import type { Permissions as VeloPermissions, webMethod as veloWebMethod } from 'wix-web-module';

// ---- the assertions ------------------------------------------------------------------------------------------------

/** Each type is assignable to the other. Tuples wrap both sides so unions are compared whole, not distributed. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `From` is assignable to `To` (for the places where the Velo declaration is documented as the narrower one). */
type Assignable<From, To> = [From] extends [To] ? true : false;
/** Fails to compile unless given `true`. */
type Assert<T extends true> = T;

/**
 * The call signature of an SDK method. `@wix/*` methods are typed as "callable directly (in a Wix context) or built
 * with a client's HTTP client"; the last overload is the builder, whose return type is the plain signature.
 */
type SdkCall<T> = T extends (...args: never[]) => infer Signature ? (Signature extends (...args: never[]) => unknown ? Signature : never) : never;
type Fn = (...args: never[]) => unknown;
/** Parameters and result agree both ways. */
type SameCall<Velo extends Fn, Sdk extends Fn> = Mutual<Parameters<Velo>, Parameters<Sdk>> extends true ? Mutual<ReturnType<Velo>, ReturnType<Sdk>> : false;

// ---- wix-inbox.v2 ↔ @wix/inbox -----------------------------------------------------------------------------------

type SdkGetOrCreate = SdkCall<typeof sdkConversations.getOrCreateConversation>;
type SdkGetConversation = SdkCall<typeof sdkConversations.getConversation>;
type SdkSendMessage = SdkCall<typeof sdkMessages.sendMessage>;
type SdkListMessages = SdkCall<typeof sdkMessages.listMessages>;

/**
 * `sendMessage` is declared stricter in one documented way (README.md): the message's `content` is required.
 * Apart from that the parameters are the SDK's.
 */
type SdkSendMessageWithContent = [
  conversationId: Parameters<SdkSendMessage>[0],
  message: Parameters<SdkSendMessage>[1] & { content: NonNullable<Parameters<SdkSendMessage>[1]['content']> },
  options?: Parameters<SdkSendMessage>[2],
];

export type InboxDeclarationsAgree = [
  Assert<SameCall<typeof veloConversations.getOrCreateConversation, SdkGetOrCreate>>,
  // Settled on the SDK's shape: the Conversation itself, not the Velo JSON's `{ conversation }`.
  Assert<SameCall<typeof veloConversations.getConversation, SdkGetConversation>>,
  Assert<SameCall<typeof veloMessages.listMessages, SdkListMessages>>,
  Assert<Mutual<ReturnType<typeof veloMessages.sendMessage>, ReturnType<SdkSendMessage>>>,
  Assert<Mutual<Parameters<typeof veloMessages.sendMessage>, SdkSendMessageWithContent>>,
  // Every call the Velo declaration allows is one the SDK allows.
  Assert<Assignable<Parameters<typeof veloMessages.sendMessage>, Parameters<SdkSendMessage>>>,
];

// ---- wix-members-frontend ↔ @wix/site-members --------------------------------------------------------------------

type SdkGetMember = typeof sdkCurrentMember.getMember;
type VeloGetMember = typeof veloCurrentMember.getMember;
type SdkMember = Awaited<ReturnType<SdkGetMember>>;

export type MembersFrontendDeclarationsAgree = [
  // The member itself: the same shape. The Velo declaration adds `undefined` for visitors, which the docs of both
  // promise and the package's return type leaves out.
  Assert<Mutual<Awaited<ReturnType<VeloGetMember>>, SdkMember | undefined>>,
  // Fieldsets: the Velo declaration names the two documented values, the package takes any strings.
  Assert<Assignable<Parameters<VeloGetMember>, Parameters<SdkGetMember>>>,
  Assert<SameCall<typeof veloCurrentMember.getRoles, typeof sdkCurrentMember.getRoles>>,
  Assert<SameCall<typeof veloMembersAuthentication.logout, typeof sdkMembersAuthentication.logout>>,
  // onLogin returns what the package says; its handler receives the current-member API, of which the Velo
  // declaration lists only what the emulator implements (getMember, getRoles, compared above).
  Assert<Mutual<ReturnType<typeof veloMembersAuthentication.onLogin>, ReturnType<typeof sdkMembersAuthentication.onLogin>>>,
  Assert<Assignable<keyof typeof veloCurrentMember, keyof typeof sdkCurrentMember>>,
];

// ---- wix-auth ↔ @wix/essentials ----------------------------------------------------------------------------------

/** Velo documents `elevate` for functions only; for any function the two return the same type. */
type SampleFunction = (id: string, options?: { limit: number }) => Promise<{ items: string[] }>;

export type ElevateDeclarationsAgree = [
  Assert<Mutual<typeof veloElevate<SampleFunction>, typeof sdkAuth.elevate<SampleFunction>>>,
  Assert<Mutual<typeof veloElevate<() => void>, typeof sdkAuth.elevate<() => void>>>,
];

// ---- wix-web-module ↔ @wix/web-methods ---------------------------------------------------------------------------

export type WebModuleDeclarationsAgree = [
  Assert<Mutual<typeof veloWebMethod, typeof sdkWebMethod>>,
  Assert<Mutual<VeloPermissions, SdkPermissions>>,
  Assert<Mutual<typeof VeloPermissions, typeof SdkPermissions>>,
];

// ---- the assertions catch mismatches -------------------------------------------------------------------------------
// Each line below is a deliberately wrong declaration; `@ts-expect-error` fails the build if it ever compiles.

/** getConversation as the Velo JSON describes it: `{ conversation }` instead of the Conversation. */
type WrappedGetConversation = (conversationId: string) => Promise<{ conversation?: sdkConversations.Conversation }>;
/** onLogin returning nothing, as the Velo declaration said before it was checked against the package. */
type VoidOnLogin = (handler: () => void) => void;
/** sendMessage with the conversation ID and message swapped. */
type SwappedSendMessage = (message: sdkMessages.Message, conversationId: string) => ReturnType<SdkSendMessage>;

export type MismatchesAreCaught = [
  // @ts-expect-error -- the wrapped shape is not the SDK's Conversation
  Assert<SameCall<WrappedGetConversation, SdkGetConversation>>,
  // @ts-expect-error -- a void onLogin is not the package's Promise<void>
  Assert<Mutual<ReturnType<VoidOnLogin>, ReturnType<typeof sdkMembersAuthentication.onLogin>>>,
  // @ts-expect-error -- swapped parameters
  Assert<Assignable<Parameters<SwappedSendMessage>, Parameters<SdkSendMessage>>>,
  // @ts-expect-error -- a member that may be undefined is not the package's Member
  Assert<Mutual<SdkMember | undefined, SdkMember>>,
];

// ---- wix-data.v2 collections ↔ @wix/data collections ---------------------------------------------------------------

type SdkCreateCollection = SdkCall<typeof sdkCollections.createDataCollection>;
type SdkGetCollection = SdkCall<typeof sdkCollections.getDataCollection>;

export type DataCollectionsDeclarationsAgree = [
  // The emulator implements create and get without options: every call the Velo declaration allows, the SDK allows,
  // and the results are the SDK's.
  Assert<Assignable<Parameters<typeof veloCollections.createDataCollection>, Parameters<SdkCreateCollection>>>,
  Assert<Mutual<ReturnType<typeof veloCollections.createDataCollection>, ReturnType<SdkCreateCollection>>>,
  Assert<Assignable<Parameters<typeof veloCollections.getDataCollection>, Parameters<SdkGetCollection>>>,
  Assert<Mutual<ReturnType<typeof veloCollections.getDataCollection>, ReturnType<SdkGetCollection>>>,
];
