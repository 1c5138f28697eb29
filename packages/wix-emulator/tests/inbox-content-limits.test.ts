import { conversations, messages } from 'wix-inbox.v2';
import { runElevated } from '../src/kernel/caller';
import { CONTENT_LIMITS } from '../src/inbox/inbox-content';
import { MESSAGE_LIMITS } from '../src/inbox/inbox-message';
import { callers, expectValidationError, failure, startInbox, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
let conversationId: string;

const elevated = <T>(fn: () => Promise<T>): Promise<T> => world.as(callers.visitor(), () => runElevated(fn));

beforeEach(async () => {
  world = startInbox();
  const contactId = world.addContact();
  conversationId = (await elevated(() => conversations.getOrCreateConversation({ contactId }))).conversation?._id ?? '';
});

type Draft = Record<string, unknown>;
const envelope = { direction: 'BUSINESS_TO_PARTICIPANT', visibility: 'BUSINESS_AND_PARTICIPANT' };
const withContent = (content: unknown): Draft => ({ ...envelope, content });
const basic = (...items: unknown[]) => withContent({ basic: { items } });
const form = (overrides: Draft) => withContent({ form: { title: 'Form', fields: [{ name: 'n', value: 'v' }], ...overrides } });
const template = (overrides: Draft) => withContent({ template: { title: 'T', ...overrides } });
const chars = (n: number) => 'x'.repeat(n);
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const field = (name: string, value = 'v') => ({ name, value });
const image = { image: { url: 'https://static.wixstatic.com/media/a.jpg' } };
const link = (i: number) => ({ label: `b${i}`, launchUrl: `https://example.com/${i}` });

const sendDraft = (draft: Draft) => elevated(() => messages.sendMessage(conversationId, draft as never));

async function expectAccepted(draft: Draft): Promise<void> {
  const { message } = await sendDraft(draft);
  expect(message?._id).toEqual(expect.any(String));
}

async function expectRefused(draft: Draft, violatedField: string): Promise<void> {
  const before = world.inbox.messagesOf(conversationId).length;
  expectValidationError(await failure(sendDraft(draft)), violatedField);
  expect(world.inbox.messagesOf(conversationId)).toHaveLength(before);
}

/** [limit description, accepted at the limit, refused beyond it, the field the refusal names] */
const boundaries: [string, Draft, Draft, string][] = [
  ['basic text ≥ 1 character', basic({ text: chars(1) }), basic({ text: '' }), 'message.content.basic.items[0].text'],
  [`basic text ≤ ${CONTENT_LIMITS.text}`, basic({ text: chars(16_384) }), basic({ text: chars(16_385) }), 'message.content.basic.items[0].text'],
  ['basic items ≥ 1', basic({ text: 'a' }), basic(), 'message.content.basic.items'],
  [
    `previewText ≤ ${CONTENT_LIMITS.previewText}`,
    withContent({ previewText: chars(256), basic: { items: [{ text: 'a' }] } }),
    withContent({ previewText: chars(257), basic: { items: [{ text: 'a' }] } }),
    'message.content.previewText',
  ],
  [`form title ≤ ${CONTENT_LIMITS.formTitle}`, form({ title: chars(256) }), form({ title: chars(257) }), 'message.content.form.title'],
  ['form fields ≥ 1', form({ fields: [field('a')] }), form({ fields: [] }), 'message.content.form.fields'],
  ['form fields ≤ 15', form({ fields: times(15, (i) => field(`f${i}`)) }), form({ fields: times(16, (i) => field(`f${i}`)) }), 'message.content.form.fields'],
  [
    `form field value ≤ ${CONTENT_LIMITS.formFieldValue}`,
    form({ fields: [field('a', chars(8_192))] }),
    form({ fields: [field('a', chars(8_193))] }),
    'message.content.form.fields[0].value',
  ],
  ['form media ≤ 15', form({ media: times(15, () => image) }), form({ media: times(16, () => image) }), 'message.content.form.media'],
  ['template textLines ≤ 10', template({ textLines: times(10, () => 'l') }), template({ textLines: times(11, () => 'l') }), 'message.content.template.textLines'],
  [
    `template text line ≤ ${CONTENT_LIMITS.templateTextLine}`,
    template({ textLines: [chars(512)] }),
    template({ textLines: [chars(513)] }),
    'message.content.template.textLines[0]',
  ],
  ['template buttons ≤ 10', template({ buttons: times(10, link) }), template({ buttons: times(11, link) }), 'message.content.template.buttons'],
  [
    `button interactionId ≤ ${CONTENT_LIMITS.interactionId}`,
    template({ buttons: [{ label: 'b', postbackProperties: { interactionId: chars(256) } }] }),
    template({ buttons: [{ label: 'b', postbackProperties: { interactionId: chars(257) } }] }),
    'message.content.template.buttons[0].postbackProperties.interactionId',
  ],
  [
    `badges ≤ ${MESSAGE_LIMITS.badges}`,
    { ...basic({ text: 'a' }), badges: [{ text: 'Auto' }] },
    { ...basic({ text: 'a' }), badges: [{ text: 'Auto' }, { text: 'Again' }] },
    'message.badges',
  ],
  [
    `targetChannelIds ≤ ${MESSAGE_LIMITS.targetChannelIds}`,
    { ...basic({ text: 'a' }), targetChannelIds: times(100, (i) => `channel-${i}`) },
    { ...basic({ text: 'a' }), targetChannelIds: times(101, (i) => `channel-${i}`) },
    'message.targetChannelIds',
  ],
];

describe('inbox.sendMessage content limits', () => {
  it.each(boundaries)('%s: accepted at the limit, refused one past it', async (_limit, atLimit, pastLimit, violated) => {
    await expectAccepted(atLimit);
    await expectRefused(pastLimit, violated);
  });

  it.each<[string, Draft, string]>([
    ['a missing message', undefined as unknown as Draft, 'message'],
    ['missing content', { ...envelope }, 'message.content'],
    ['content without a payload', withContent({ previewText: 'only a preview' }), 'message.content'],
    ['two payloads at once', withContent({ basic: { items: [{ text: 'a' }] }, minimal: { text: 'b' } }), 'message.content'],
    ['a system message', withContent({ system: { text: 'internal' } }), 'message.content.system'],
    ['a basic item with both text and image', basic({ text: 'a', ...image }), 'message.content.basic.items[0]'],
    ['a basic item with nothing in it', basic({}), 'message.content.basic.items[0]'],
    ['an image without url', basic({ image: { width: 10 } }), 'message.content.basic.items[0].image.url'],
    ['a minimal message without text', withContent({ minimal: { iconUrl: 'https://example.com/i.png' } }), 'message.content.minimal.text'],
    ['a button with both launchUrl and postback', template({ buttons: [{ label: 'b', launchUrl: 'https://e.com', postbackProperties: { interactionId: 'i' } }] }), 'message.content.template.buttons[0]'],
    ['a button with neither launchUrl nor postback', template({ buttons: [{ label: 'b' }] }), 'message.content.template.buttons[0]'],
    ['a button without a label', template({ buttons: [{ label: '', launchUrl: 'https://e.com' }] }), 'message.content.template.buttons[0].label'],
    ['a launchUrl that is not a web URL', template({ buttons: [{ label: 'b', launchUrl: 'javascript:alert(1)' }] }), 'message.content.template.buttons[0].launchUrl'],
    ['a missing direction', { visibility: 'BUSINESS', content: { minimal: { text: 'a' } } }, 'message.direction'],
    ['an unknown direction', { ...envelope, direction: 'UNKNOWN_DIRECTION', content: { minimal: { text: 'a' } } }, 'message.direction'],
    ['a missing visibility', { direction: 'BUSINESS_TO_PARTICIPANT', content: { minimal: { text: 'a' } } }, 'message.visibility'],
    ['an unknown visibility', { ...envelope, visibility: 'EVERYONE', content: { minimal: { text: 'a' } } }, 'message.visibility'],
  ])('refuses %s', async (_case, draft, violated) => {
    await expectRefused(draft, violated);
    expect(world.events.log()).toEqual([]);
  });

  it('accepts each of basic (text, image, file), minimal, form and template, tagging contentType', async () => {
    const sent = await Promise.all(
      [
        basic({ text: 'a' }, image, { file: { url: 'https://static.wixstatic.com/a.pdf', filename: 'a.pdf', mimeType: 'application/pdf' } }),
        withContent({ minimal: { text: 'New like', iconUrl: 'https://example.com/i.png' } }),
        form({ description: 'd' }),
        template({ textLines: ['a'], orientation: 'LANDSCAPE' }),
      ].map(sendDraft),
    );
    expect(sent.map((r) => (r.message?.content as { contentType?: string } | undefined)?.contentType)).toEqual(['BASIC', 'MINIMAL', 'FORM', 'TEMPLATE']);
    expect(sent[0]?.message?.content?.basic?.items?.[1]).toEqual({ image: { url: 'https://static.wixstatic.com/media/a.jpg', width: 0, height: 0 } });
  });

  it('reports a refusal in the Wix validation-error shape', async () => {
    const error = await failure(sendDraft(basic({ text: '' })));
    expect(error.status).toBe(400);
    expect(error.details?.validationError?.fieldViolations).toEqual([
      { field: 'message.content.basic.items[0].text', description: expect.any(String), violatedRule: 'VALIDATION' },
    ]);
    expect(error.message).toMatch(/^INVALID_ARGUMENT: "message\.content\.basic\.items\[0\]\.text" /);
  });
});
