/**
 * `<cs-param>`: one labelled numeric parameter: a slider and a number box that stay in step.
 * Fires `change` (bubbling) when the user commits a new value (slider released, number
 * entered), and `input` while a slider is dragged. Keyboard: the native range and number
 * inputs (arrows, Page Up/Down, Home/End).
 */
import { LitElement, css, html } from 'lit';

let nextId = 0;

export class ParamField extends LitElement {
  static override properties = {
    label: { type: String },
    unit: { type: String },
    min: { type: Number },
    max: { type: Number },
    step: { type: Number },
    value: { type: Number },
    hint: { type: String },
  };

  /** Visible label (the accessible name of both inputs). */
  declare label: string;
  /** Unit shown after the number, e.g. `mV`. */
  declare unit: string;
  declare min: number;
  declare max: number;
  declare step: number;
  declare value: number;
  /** A short note under the field (e.g. a value derived from this one). */
  declare hint: string;
  private readonly inputId = `cs-param-${nextId++}`;

  constructor() {
    super();
    this.label = '';
    this.unit = '';
    this.min = 0;
    this.max = 100;
    this.step = 1;
    this.value = 0;
    this.hint = '';
  }

  static override styles = css`
    :host { display: block; font-size: 0.9rem; }
    .row { display: grid; grid-template-columns: minmax(5rem, 1fr) auto; gap: 0.2rem 0.5rem; align-items: center; }
    label { grid-column: 1 / -1; }
    input[type='range'] { width: 100%; min-height: 1.6rem; margin: 0; accent-color: var(--cs-accent, #1a73e8); }
    .num { display: flex; align-items: center; gap: 0.25rem; }
    input[type='number'] { width: 5.2rem; font: inherit; padding: 0.15rem 0.25rem; border: 1px solid #999; border-radius: 3px;
      background: var(--cs-button-bg, #fff); color: inherit; }
    input:focus-visible { outline: 2px solid var(--cs-focus, #1a73e8); outline-offset: 1px; }
    .unit { font-size: 0.8rem; opacity: 0.8; white-space: nowrap; min-width: 3.2rem; }
    .hint { font-size: 0.8rem; opacity: 0.85; margin: 0.1rem 0 0; }
  `;

  private commit(v: number, fire: 'input' | 'change'): void {
    if (!Number.isFinite(v)) return;
    this.value = Math.min(this.max, Math.max(this.min, v));
    this.dispatchEvent(new Event(fire, { bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <div class="row">
        <label for=${this.inputId}>${this.label}</label>
        <input id=${this.inputId} type="range" min=${this.min} max=${this.max} step=${this.step} .value=${String(this.value)}
          @input=${(e: Event) => this.commit(Number((e.target as HTMLInputElement).value), 'input')}
          @change=${(e: Event) => {
            e.stopPropagation();
            this.commit(Number((e.target as HTMLInputElement).value), 'change');
          }} />
        <span class="num">
          <input type="number" aria-label="${this.label} (${this.unit})" min=${this.min} max=${this.max} step=${this.step}
            .value=${String(this.value)}
            @change=${(e: Event) => {
              e.stopPropagation();
              this.commit(Number((e.target as HTMLInputElement).value), 'change');
            }} />
          <span class="unit">${this.unit}</span>
        </span>
      </div>
      ${this.hint ? html`<p class="hint">${this.hint}</p>` : ''}
    `;
  }
}

if (!customElements.get('cs-param')) customElements.define('cs-param', ParamField);

declare global {
  interface HTMLElementTagNameMap {
    'cs-param': ParamField;
  }
}
