/**
 * Errors shaped like the ones Wix throws (reference §9), so site code learns to classify real failures:
 * v2 modules / SDK → `status`, `requestId`, `details.applicationError.{code, description, data}` or
 * `details.validationError.fieldViolations`; wix-data → a string `code` such as `WD_ITEM_NOT_FOUND`.
 */

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

/** `Not Found` → `NOT_FOUND`, as the SDK derives codes for errors without application details. */
export function constantCase(text: string): string {
  return text.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export interface ApplicationErrorDetails {
  readonly code: string;
  readonly description: string;
  readonly data: Record<string, unknown>;
}

export interface WixApiError extends Error {
  status: number;
  requestId: string;
  code?: string;
  details?: {
    applicationError?: ApplicationErrorDetails;
    validationError?: { fieldViolations: { field: string; description: string; violatedRule: string }[] };
  };
}

/**
 * A `Retry-After` an injected fault asks for. It travels only as the REST answer's `Retry-After` header, never as a
 * property of the error site code catches: neither `@wix/sdk-runtime`'s transform-error nor `@wix/sdk`'s errorBuilder
 * copies a Retry-After onto the errors they throw, so site code on Wix never sees one.
 */
const RETRY_AFTER = new WeakMap<object, number>();

export function withRetryAfter<E extends object>(error: E, seconds: number | undefined): E {
  if (seconds !== undefined) RETRY_AFTER.set(error, seconds);
  return error;
}

export function retryAfterOf(error: unknown): number | undefined {
  return error !== null && typeof error === 'object' ? RETRY_AFTER.get(error) : undefined;
}

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `emu-${Date.now().toString(36)}-${requestCounter}`;
}

export function applicationError(
  status: number,
  code: string,
  description: string,
  data: Record<string, unknown> = {},
): WixApiError {
  const details = { applicationError: { code, description, data } };
  const error = new Error(JSON.stringify({ message: description, details })) as WixApiError;
  error.status = status;
  error.requestId = requestId();
  error.details = details;
  return error;
}

/** A 4xx the API answers without application details: the code is the status text in CONSTANT_CASE. */
export function httpError(status: number): WixApiError {
  const text = statusText(status);
  if (status >= 500) return systemError(status);
  return applicationError(status, constantCase(text), text);
}

export function validationError(field: string, description: string): WixApiError {
  const details = { validationError: { fieldViolations: [{ field, description, violatedRule: 'VALIDATION' }] } };
  const error = new Error(`INVALID_ARGUMENT: "${field}" ${description}`) as WixApiError;
  error.status = 400;
  error.requestId = requestId();
  error.details = details;
  return error;
}

/** 5xx without details, or no response at all: `status`, a CONSTANT_CASE `code`, no application details. */
export function systemError(status: number): WixApiError {
  const text = statusText(status);
  const error = new Error(text) as WixApiError;
  error.status = status;
  error.code = constantCase(text);
  error.requestId = requestId();
  return error;
}

export function permissionError(operation: string): WixApiError {
  return applicationError(403, 'FORBIDDEN', `Insufficient permissions to call ${operation}`);
}

export interface WixDataError extends Error {
  code: string;
  status?: number;
}

/** wix-data throws plain errors carrying a string `code` (`WD_ITEM_NOT_FOUND`, `WD_PERMISSION_DENIED`, …). */
export function wixDataError(code: string, message: string): WixDataError {
  const error = new Error(message) as WixDataError;
  error.code = code;
  return error;
}
