import { currentContext, mayUseAdminApis, type CallContext } from './caller';
import type { Clock } from './clock';
import type { EventDispatcher } from './events';
import type { FaultSpec, Faults } from './faults';
import type { Journal } from './journal';
import type { Random } from './random';
import { applicationError, httpError, permissionError, withRetryAfter, wixDataError, type WixApiError } from './wix-errors';

/** How a service's failures look to site code: v2/SDK-shaped (`status` + details) or wix-data-shaped (`WD_…` code). */
export type ErrorStyle = 'v2' | 'data';

export interface OperationOptions {
  /** `admin`: needs an admin caller, `elevate` or `suppressAuth`. `anyone`: the service checks finer rules itself. */
  readonly access: 'admin' | 'anyone';
  readonly suppressAuth?: boolean;
  readonly errorStyle: ErrorStyle;
}

/**
 * What every service shares: ids, time, the journal, faults, events. `operate` is the single door every emulated API
 * call goes through — latency, permission, injected faults, the journal — so no service can forget one of them.
 */
export class Kernel {
  /** Virtual milliseconds added to the clock by every call (the "fixed latency per call" control). */
  latencyMs = 0;

  constructor(
    readonly random: Random,
    readonly clock: Clock,
    readonly journal: Journal,
    readonly faults: Faults,
    readonly events: EventDispatcher,
  ) {}

  guid(): string {
    return this.random.guid();
  }

  async operate<T>(
    operation: string,
    args: readonly unknown[],
    options: OperationOptions,
    impl: (context: CallContext) => T | Promise<T>,
  ): Promise<T> {
    const context = currentContext();
    const startMs = this.clock.nowMs();
    const at = new Date(startMs).toISOString();
    const record = (outcome: 'ok' | 'error', result: unknown, error: unknown, applied: boolean) =>
      this.journal.record({
        at,
        operation,
        caller: context.caller,
        elevated: context.elevated || options.suppressAuth === true,
        args,
        outcome,
        result,
        error: error === undefined ? undefined : summarizeError(error),
        applied,
        latencyMs: this.clock.nowMs() - startMs,
      });

    if (this.latencyMs > 0) await this.clock.elapse(this.clock.nowMs(), this.latencyMs);
    const interleaved = this.faults.takeInterleaving(operation);
    if (interleaved) await interleaved(args);
    try {
      if (options.access === 'admin' && !mayUseAdminApis(context, options.suppressAuth)) {
        throw options.errorStyle === 'data'
          ? wixDataError('WD_PERMISSION_DENIED', `The current user does not have permissions to call ${operation}.`)
          : permissionError(operation);
      }
      const fault = this.faults.take(operation);
      if (fault && !fault.responseLost) throw faultError(fault, options.errorStyle);
      const result = await impl(context);
      if (fault?.responseLost) {
        const error = faultError({ status: 504, ...fault }, options.errorStyle);
        record('error', undefined, error, true);
        // Marked so the catch below does not journal the same call again as not applied.
        throw markRecorded(error);
      }
      record('ok', result, undefined, true);
      return result;
    } catch (error) {
      if (!isRecorded(error)) record('error', undefined, error, false);
      throw markRecorded(error);
    }
  }
}

const RECORDED = Symbol('journalRecorded');
function markRecorded(error: unknown): unknown {
  if (error && typeof error === 'object') Object.defineProperty(error, RECORDED, { value: true, enumerable: false });
  return error;
}
function isRecorded(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as Record<symbol, unknown>)[RECORDED]);
}

function faultError(fault: FaultSpec, style: ErrorStyle): Error {
  const status = fault.status ?? 503;
  if (style === 'data') {
    const error = wixDataError(fault.code ?? `WD_HTTP_${status}`, `Injected failure (${status})`);
    error.status = status;
    return withRetryAfter(error, fault.retryAfterSeconds);
  }
  const error: WixApiError = fault.code
    ? applicationError(status, fault.code, `Injected failure (${fault.code})`)
    : httpError(status);
  return withRetryAfter(error, fault.retryAfterSeconds);
}

function summarizeError(error: unknown): { message: string; status?: number; code?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Partial<WixApiError> & { code?: string };
  const code = e.details?.applicationError?.code ?? e.code;
  return {
    message: error.message,
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(code !== undefined ? { code } : {}),
  };
}
