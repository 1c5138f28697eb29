import { Displayable, type DisplayState } from './displayable';
import { assertInteractive, eventFor, type ElementControl, type ElementHost } from './element-host';

/**
 * Text, Button and TextInput as page code sees them through `$w('#id')`. Their state lives in a plain object shared
 * only with the element's test control, so nothing test-only is reachable from page code.
 */

type Handler = (event: ReturnType<typeof eventFor>, $w: unknown) => unknown;
interface VisibleState extends DisplayState {
  enabled: boolean;
  readonly clickHandlers: Handler[];
}

abstract class VisibleElement extends Displayable {
  abstract readonly type: string;
  readonly #state: VisibleState;

  constructor(id: string, state: VisibleState) {
    super(id, state);
    this.#state = state;
  }

  get rendered(): boolean {
    return true;
  }

  onClick(handler: Handler): this {
    this.#state.clickHandlers.push(handler);
    return this;
  }
}

abstract class EnablableElement extends VisibleElement {
  readonly #state: VisibleState;

  constructor(id: string, state: VisibleState) {
    super(id, state);
    this.#state = state;
  }

  get enabled(): boolean {
    return this.#state.enabled;
  }

  async enable(): Promise<void> {
    this.#state.enabled = true;
  }

  async disable(): Promise<void> {
    this.#state.enabled = false;
  }
}

// ---- Text ------------------------------------------------------------------------------------------------------------

interface TextState extends VisibleState {
  text: string;
  html: string;
}

class TextElement extends VisibleElement {
  readonly type = '$w.Text';
  readonly #state: TextState;

  constructor(id: string, state: TextState) {
    super(id, state);
    this.#state = state;
  }

  get text(): string {
    return this.#state.text;
  }

  /** Velo rejects a non-string text; so does the emulator, loudly, so `text = undefined` bugs surface in tests. */
  set text(value: string) {
    if (typeof value !== 'string') throw new TypeError(`$w('#${this.id}').text must be a string, got ${typeof value}`);
    this.#state.text = value;
    this.#state.html = escapeHtml(value);
  }

  get html(): string {
    return this.#state.html;
  }

  set html(value: string) {
    if (typeof value !== 'string') throw new TypeError(`$w('#${this.id}').html must be a string, got ${typeof value}`);
    this.#state.html = value;
    this.#state.text = value.replace(/<[^>]*>/g, '');
  }
}

// ---- Button -----------------------------------------------------------------------------------------------------------

interface ButtonState extends VisibleState {
  label: string;
}

class ButtonElement extends EnablableElement {
  readonly type = '$w.Button';
  readonly #state: ButtonState;

  constructor(id: string, state: ButtonState) {
    super(id, state);
    this.#state = state;
  }

  get label(): string {
    return this.#state.label;
  }

  set label(value: string) {
    this.#state.label = value;
  }
}

// ---- TextInput --------------------------------------------------------------------------------------------------------

interface InputState extends VisibleState {
  value: string;
  readonly inputHandlers: Handler[];
  readonly changeHandlers: Handler[];
}

class TextInputElement extends EnablableElement {
  readonly type = '$w.TextInput';
  readonly #state: InputState;

  constructor(id: string, state: InputState) {
    super(id, state);
    this.#state = state;
  }

  get value(): string {
    return this.#state.value;
  }

  set value(value: string) {
    this.#state.value = String(value);
  }

  onInput(handler: Handler): this {
    this.#state.inputHandlers.push(handler);
    return this;
  }

  onChange(handler: Handler): this {
    this.#state.changeHandlers.push(handler);
    return this;
  }
}

// Shape checks against corvid-types: a drift in the official declarations fails typecheck here.
type Checked<T, Official, K extends keyof T & keyof Official> = Pick<T, K> extends Pick<Official, K> ? true : never;
const _shapes: [
  Checked<TextElement, $w.Text, 'text' | 'html' | 'hidden' | 'collapsed' | 'isVisible' | 'show' | 'hide' | 'collapse' | 'expand' | 'id' | 'type'>,
  Checked<ButtonElement, $w.Button, 'label' | 'enabled' | 'enable' | 'disable' | 'hidden' | 'show' | 'hide' | 'id'>,
  Checked<TextInputElement, $w.TextInput, 'value' | 'enabled' | 'enable' | 'disable' | 'hidden' | 'show' | 'hide' | 'id'>,
] = [true, true, true];
void _shapes;

// ---- factories: the element plus its test control ----------------------------------------------------------------------

interface Initial {
  readonly hidden?: boolean;
  readonly collapsed?: boolean;
  readonly enabled?: boolean;
}
function visible(initial: Initial): VisibleState {
  return { hidden: initial.hidden ?? false, collapsed: initial.collapsed ?? false, enabled: initial.enabled ?? true, clickHandlers: [] };
}

/** A visitor's click: only on a visible, enabled element; every `onClick` handler runs, in registration order. */
function click(host: ElementHost, api: VisibleElement, state: VisibleState): void {
  assertInteractive(`#${api.id}`, state, 'click');
  for (const handler of state.clickHandlers) host.fire(`#${api.id} onClick`, () => handler(eventFor('click', api), host.$w));
}

export function createText(id: string, host: ElementHost, initial: Initial & { readonly text?: string }): ElementControl {
  const text = initial.text ?? '';
  const state: TextState = { ...visible(initial), text, html: escapeHtml(text) };
  const api = new TextElement(id, state);
  return {
    api,
    view: () => ({ id, type: 'Text', hidden: state.hidden, collapsed: state.collapsed, text: state.text, html: state.html }),
    click: () => click(host, api, state),
  };
}

export function createButton(id: string, host: ElementHost, initial: Initial & { readonly label?: string }): ElementControl {
  const state: ButtonState = { ...visible(initial), label: initial.label ?? '' };
  const api = new ButtonElement(id, state);
  return {
    api,
    view: () => ({ id, type: 'Button', hidden: state.hidden, collapsed: state.collapsed, enabled: state.enabled, label: state.label }),
    click: () => click(host, api, state),
  };
}

export function createTextInput(id: string, host: ElementHost, initial: Initial & { readonly value?: string }): ElementControl {
  const state: InputState = { ...visible(initial), value: initial.value ?? '', inputHandlers: [], changeHandlers: [] };
  const api = new TextInputElement(id, state);
  return {
    api,
    view: () => ({ id, type: 'TextInput', hidden: state.hidden, collapsed: state.collapsed, enabled: state.enabled, value: state.value }),
    click: () => click(host, api, state),
    // A visitor typing: the value changes, `onInput` runs, then `onChange` (the browser's order on commit).
    input: (value) => {
      assertInteractive(`#${id}`, state, 'type into');
      state.value = value;
      for (const handler of state.inputHandlers) host.fire(`#${id} onInput`, () => handler(eventFor('input', api), host.$w));
      for (const handler of state.changeHandlers) host.fire(`#${id} onChange`, () => handler(eventFor('change', api), host.$w));
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
