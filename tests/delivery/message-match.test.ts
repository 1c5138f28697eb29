import { describe, expect, it } from '@jest/globals';
import { isSameMessage } from 'backend/inbox/message-match';
import type { MessageContent, SeenMessage } from 'backend/inbox/ports';

const intent = (content: MessageContent, visibility: 'BUSINESS_AND_PARTICIPANT' | 'BUSINESS' = 'BUSINESS_AND_PARTICIPANT') => ({
  content,
  direction: 'BUSINESS_TO_PARTICIPANT' as const,
  visibility,
});
const seen = (content: unknown, visibility: 'BUSINESS_AND_PARTICIPANT' | 'BUSINESS' | 'unsaid' = 'BUSINESS_AND_PARTICIPANT'): SeenMessage => ({
  messageId: 'm1',
  direction: 'BUSINESS_TO_PARTICIPANT',
  visibility: visibility === 'unsaid' ? undefined : visibility,
  content,
  createdAt: new Date(0),
});
const offer: MessageContent = {
  previewText: 'Spring offer',
  template: { title: 'Spring offer', imageUrl: 'https://static.example.com/spring.png', buttons: [{ label: 'Book', postbackProperties: { interactionId: 'book' } }] },
};
// The same content as Inbox lists it back: a contentType, defaults filled in, the sending app stamped on the button.
const offerListed = {
  contentType: 'TEMPLATE',
  previewText: 'Spring offer',
  template: {
    title: 'Spring offer',
    imageUrl: 'https://static.example.com/spring.png',
    textLines: [],
    buttons: [{ label: 'Book', postbackProperties: { interactionId: 'book', appId: 'app-1' } }],
    orientation: 'PORTRAIT',
  },
};

describe('a message read back is ours only when it carries everything ours does', () => {
  it('takes the same content as Inbox lists it back (its contentType, defaults and stamps) for ours', () => {
    expect(isSameMessage(intent(offer), seen(offerListed))).toBe(true);
    const photo: MessageContent = { basic: { items: [{ text: 'Your photo' }, { image: { url: 'https://static.example.com/a.png' } }] } };
    expect(isSameMessage(intent(photo), seen({ contentType: 'BASIC', basic: { items: [{ text: 'Your photo' }, { image: { url: 'https://static.example.com/a.png', width: 0, height: 0 } }] } }))).toBe(true);
  });

  it.each([
    ['another template image', { ...offerListed, template: { ...offerListed.template, imageUrl: 'https://static.example.com/autumn.png' } }],
    ['another button', { ...offerListed, template: { ...offerListed.template, buttons: [{ label: 'Call', postbackProperties: { interactionId: 'call' } }] } }],
    ['another preview', { ...offerListed, previewText: 'Autumn offer' }],
    ['another orientation', { ...offerListed, template: { ...offerListed.template, orientation: 'LANDSCAPE' } }],
  ])('tells apart the same words with %s', (_, listed) => {
    expect(isSameMessage(intent(offer), seen(listed))).toBe(false);
  });

  it('tells apart a business-only note from a participant-visible message with the same content, and one Wix listed without visibility', () => {
    expect(isSameMessage(intent(offer), seen(offerListed, 'BUSINESS'))).toBe(false);
    expect(isSameMessage(intent(offer, 'BUSINESS'), seen(offerListed, 'BUSINESS'))).toBe(true);
    expect(isSameMessage(intent(offer), seen(offerListed, 'unsaid'))).toBe(false);
  });
});
