import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The `MessageContent` interfaces of the installed `@wix/inbox` messages typings (system content cannot be sent). */
export const CONTENT_INTERFACES = [
  'MessageContent',
  'BasicMessagePayload',
  'BasicMessageData',
  'ImageMessage',
  'FileMessage',
  'TemplateMessagePayload',
  'Button',
  'PostbackProperties',
  'MinimalMessagePayload',
  'FormMessagePayload',
  'FormField',
] as const;

type Limit = Partial<Record<'minLength' | 'maxLength' | 'minSize' | 'maxSize', number>>;

/** The installed `@wix/auto_sdk_inbox_messages` typings, found the way `@wix/inbox` resolves its own dependency. */
export function installedMessagesTypings(): { path: string; text: string } {
  const inbox = dirname(require.resolve('@wix/inbox/package.json'));
  const messages = dirname(require.resolve('@wix/auto_sdk_inbox_messages/package.json', { paths: [inbox] }));
  const path = join(messages, 'build', 'cjs', 'index.typings.d.ts');
  return { path, text: readFileSync(path, 'utf8') };
}

/**
 * Every `@minLength`/`@maxLength`/`@minSize`/`@maxSize` annotation on a field of `interfaces`, keyed `Interface.field`:
 * the JSDoc block right above a field line belongs to that field.
 */
export function annotatedLimits(typings: string, interfaces: readonly string[]): Record<string, Limit> {
  const limits: Record<string, Limit> = {};
  for (const name of interfaces) {
    const body = new RegExp(`\\ninterface ${name}(?: extends [^{]+)? \\{\\n([\\s\\S]*?)\\n\\}`).exec(typings)?.[1];
    if (body === undefined) throw new Error(`interface ${name} not found in the installed typings`);
    for (const [, doc, field] of body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Za-z_]+)\??:/g)) {
      const limit: Limit = {};
      for (const [, kind, value] of (doc ?? '').matchAll(/@(minLength|maxLength|minSize|maxSize) (\d+)/g)) {
        limit[kind as keyof Limit] = Number(value);
      }
      if (Object.keys(limit).length > 0) limits[`${name}.${field}`] = limit;
    }
  }
  return limits;
}

/** The prose of a field's JSDoc block (for limits the typings state only in words). */
export function fieldDescription(typings: string, iface: string, field: string): string {
  const body = new RegExp(`\\ninterface ${iface}(?: extends [^{]+)? \\{\\n([\\s\\S]*?)\\n\\}`).exec(typings)?.[1] ?? '';
  const match = new RegExp(`\\/\\*\\*((?:(?!\\*\\/)[\\s\\S])*)\\*\\/\\s*\\n\\s*${field}\\??:`).exec(body);
  return match?.[1] ?? '';
}
