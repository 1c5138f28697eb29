/**
 * Each rendered form carries a fresh token; the server acts on a token once. A double click, a browser's resend or a
 * replayed POST with a token already used gets the first submission's outcome instead of a second action (the one
 * running is awaited, not started again). A token whose action was refused (bad input) is forgotten, so the form can
 * be corrected and sent again. The newest `limit` tokens are remembered: far more than forms a person sends.
 */
export class FormTokens<T> {
  readonly #outcomes = new Map<string, Promise<T>>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** Runs `action` for a token seen for the first time; `replayed` says the outcome is the first submission's. */
  async once(token: string, action: () => Promise<T>): Promise<{ outcome: T; replayed: boolean }> {
    const earlier = this.#outcomes.get(token);
    if (earlier) return { outcome: await earlier, replayed: true };
    const running = action();
    this.#outcomes.set(token, running);
    if (this.#outcomes.size > this.#limit) this.#outcomes.delete(this.#outcomes.keys().next().value as string);
    try {
      return { outcome: await running, replayed: false };
    } catch (error) {
      this.#outcomes.delete(token);
      throw error;
    }
  }

  clear(): void {
    this.#outcomes.clear();
  }
}

/** A form token as the views write it: a random UUID. */
export const FORM_TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
