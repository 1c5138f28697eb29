/** What every emulated page element shares: an ID and the hidden / collapsed display state with its four effects. */
export interface DisplayState {
  hidden: boolean;
  collapsed: boolean;
}

export abstract class Displayable {
  readonly id: string;
  readonly #display: DisplayState;

  constructor(id: string, display: DisplayState) {
    this.id = id;
    this.#display = display;
  }

  get hidden(): boolean {
    return this.#display.hidden;
  }

  get collapsed(): boolean {
    return this.#display.collapsed;
  }

  get isVisible(): boolean {
    return !this.#display.hidden && !this.#display.collapsed;
  }

  // Effects take no time in the emulator; the promise keeps the Velo signature (`await $w('#x').show()`).
  async show(): Promise<void> {
    this.#display.hidden = false;
  }

  async hide(): Promise<void> {
    this.#display.hidden = true;
  }

  async expand(): Promise<void> {
    this.#display.collapsed = false;
  }

  async collapse(): Promise<void> {
    this.#display.collapsed = true;
  }
}
