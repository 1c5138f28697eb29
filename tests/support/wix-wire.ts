import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { contacts } from '@wix/crm';
import { items } from '@wix/data';
import { conversations, messages } from '@wix/inbox';
import { members } from '@wix/members';

/**
 * Answers in Wix's wire format, for running the real `@wix/*` clients against a failure: what they throw is then built
 * by Wix's own parsing (`@wix/sdk-runtime` transform-error, `@wix/wix-data-items-common`), not by this project.
 */
export type WireAnswer = (request: Request) => Response | Promise<Response>;

/** `{ message, details: { applicationError: { code, description } } }` with an HTTP status, as Wix's APIs answer. */
export function applicationErrorAnswer(status: number, code: string, description: string): WireAnswer {
  return () => json(status, { message: description, details: { applicationError: { code, description, data: {} } } });
}

/** A 400 with field violations, as Wix answers a request that fails validation. */
export function validationErrorAnswer(field: string, description: string): WireAnswer {
  return () =>
    json(400, {
      message: `INVALID_ARGUMENT: "${field}" ${description}`,
      details: { validationError: { fieldViolations: [{ field, description, violatedRule: 'VALIDATION', ruleName: 'VALIDATION_ERROR' }] } },
    });
}

/** A system error: the status and an empty body, "sent empty by design" (Wix's About Errors). */
export function bareStatusAnswer(status: number): WireAnswer {
  return () => new Response(status >= 500 ? '' : '{}', { status });
}

/** No answer at all: the connection failed. */
export const networkFailure: WireAnswer = () => {
  throw new TypeError('fetch failed');
};

/** A client of the real SDK modules this project uses, every request answered by `answer`. */
export function wireClient(answer: WireAnswer) {
  return createClient({
    modules: { contacts, items, conversations, messages, members },
    auth: ApiKeyStrategy({ apiKey: 'test-key', siteId: 'test-site' }),
    fetch: async (input: string | URL | Request, init?: RequestInit) => answer(new Request(input, init)),
  });
}

/** What the call threw (it must throw: a call that succeeds against a failure answer is a test setup mistake). */
export async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
