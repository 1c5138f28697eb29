import { retryAfterOf, statusText, type WixApiError } from '../kernel/wix-errors';

/**
 * The one place where an emulator error becomes a Wix error answer. Bodies are what `@wix/sdk-runtime`
 * `transform-error` and Wix's data client parse: `{ message, details: { applicationError: { code, description,
 * data } } }` or `{ message, details: { validationError: { fieldViolations } } }` with Wix's HTTP status; a 5xx
 * without details is a bare `{ message }` (the SDK then reports a system error with a CONSTANT_CASE `code`).
 * wix-data failures carry their WDE code in `details.applicationError.code`, as Wix's data service sends them.
 */
export interface WireError {
  readonly status: number;
  readonly body: { message: string; details?: Record<string, unknown> };
  readonly retryAfterSeconds?: number;
}

/** WDE code → HTTP status (Wix Data error-code table: not found 404, exists 409, permission 403, the rest 400). */
const WDE_STATUS: Readonly<Record<string, number>> = {
  WDE0025: 404,
  WDE0027: 403,
  WDE0073: 404,
  WDE0074: 409,
};

/** The emulator's `WD_…` codes for errors whose message carries no WDE number. */
const WD_TO_WDE: Readonly<Record<string, string>> = {
  WD_ITEM_ALREADY_EXISTS: 'WDE0074',
  WD_ITEM_DOES_NOT_EXIST: 'WDE0073',
  WD_ITEM_NOT_FOUND: 'WDE0073',
  WD_SCHEMA_DOES_NOT_EXIST: 'WDE0025',
  WD_PERMISSION_DENIED: 'WDE0027',
};

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { status: 500, body: { message: String(error) } };
  const e = error as Partial<WixApiError> & { code?: unknown };
  const seconds = retryAfterOf(error);
  const retry = seconds === undefined ? {} : { retryAfterSeconds: seconds };
  const validation = e.details?.validationError;
  if (validation) {
    return { status: e.status ?? 400, body: { message: error.message, details: { validationError: validation } }, ...retry };
  }
  const application = e.details?.applicationError;
  if (application) {
    return {
      status: e.status ?? 400,
      body: { message: application.description, details: { applicationError: { ...application } } },
      ...retry,
    };
  }
  const wde = wdeCodeOf(error.message, e.code);
  if (wde) {
    const status = e.status ?? WDE_STATUS[wde] ?? 400;
    if (status >= 500) return { status, body: { message: error.message }, ...retry };
    return {
      status,
      body: { message: error.message, details: { applicationError: { code: wde, description: error.message, data: {} } } },
      ...retry,
    };
  }
  const status = typeof e.status === 'number' ? e.status : 500;
  // An injected wix-data HTTP failure (`WD_HTTP_429`) is a bare status, as a gateway answers it.
  if (status < 500 && typeof e.code === 'string' && !/^WD_HTTP_\d+$/.test(e.code)) {
    return {
      status,
      body: { message: error.message, details: { applicationError: { code: e.code, description: error.message, data: {} } } },
      ...retry,
    };
  }
  // A system failure (an injected 5xx, or a fault of the emulator itself): no details, as Wix's gateway answers.
  return { status, body: { message: status === 500 && e.status === undefined ? error.message : statusText(status) }, ...retry };
}

/** The WDE number of a wix-data error: its `code` when that is one, else the message's `WDE00xx:` prefix, else the WD_ map. */
function wdeCodeOf(message: string, code: unknown): string | undefined {
  if (typeof code === 'string' && /^WDE\d{4}$/.test(code)) return code;
  const prefix = /^(WDE\d{4})\b/.exec(message)?.[1];
  if (prefix) return prefix;
  return typeof code === 'string' ? WD_TO_WDE[code] : undefined;
}

/** The Response: status text set (the SDK derives codes from it), Wix's request-ID header, `Retry-After` when known. */
export function wireErrorResponse(wire: WireError, requestId: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wix-request-id': requestId };
  if (wire.retryAfterSeconds !== undefined) headers['retry-after'] = String(wire.retryAfterSeconds);
  return new Response(JSON.stringify(wire.body), { status: wire.status, statusText: statusText(wire.status), headers });
}
