import { describe, expect, it } from '@jest/globals';
import { defineTemplate, renderTemplate } from 'backend/inbox/template-registry';

const greeting = defineTemplate({
  vars: ['name', 'place'],
  frequency: 'every-time',
  callableBy: [],
  content: { template: { title: 'Hello[[, {{name}}]]!', textLines: ['See you[[ in {{place}}]][[, {{name}}]].'] } },
});

describe('registry templates', () => {
  it('fill each optional segment whose variables are all plain words, and drop the others', () => {
    expect(renderTemplate('greeting', greeting, { name: 'Ada', place: 'Paris' })).toMatchObject({ template: { title: 'Hello, Ada!', textLines: ['See you in Paris, Ada.'] } });
    expect(renderTemplate('greeting', greeting, { name: 'Ada', place: 'www.evil.example' })).toMatchObject({ template: { textLines: ['See you, Ada.'] } });
    expect(renderTemplate('greeting', greeting, {})).toMatchObject({ template: { title: 'Hello!', textLines: ['See you.'] } });
  });

  it('fill in one pass: a value that looks like a placeholder stays out', () => {
    expect(renderTemplate('greeting', greeting, { name: '{{place}}', place: 'Paris' })).toMatchObject({ template: { title: 'Hello!' } });
  });

  it('refuse a variable the template does not declare', () => {
    expect(() => renderTemplate('greeting', greeting, { link: 'x' })).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
  });

  it('cannot be defined with a placeholder outside an optional segment, an undeclared one, or an unclosed segment', () => {
    const define = (title: string) => () => defineTemplate({ vars: ['name'], frequency: 'every-time', callableBy: [], content: { template: { title } } });
    expect(define('Hello, {{name}}!')).toThrow(/outside an optional/);
    expect(define('Hello[[, {{other}}]]!')).toThrow(/not declared/);
    expect(define('Hello[[, {{name}}!')).toThrow(/unclosed/);
    expect(define('Hello[[, {{name}}]]!')).not.toThrow();
  });
});
