import { jest } from '@jest/globals';

export interface CapturedLogs {
  /** Every console line written since capture began, each argument stringified. */
  lines(): string[];
}

/** Captures console output (kept out of test output) so tests can assert what the code logs, and what it never logs. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation(record);
  }
  return { lines: () => [...lines] };
}
