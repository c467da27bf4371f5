/**
 * What the plot elements show around their canvas: a title and a legend of coloured line
 * samples. Styles and templates shared by `<cs-trace-plot>`, `<cs-xy-plot>` and `<cs-space-time>`.
 */
import { css, html, type TemplateResult } from 'lit';

/** One legend entry: a line sample of `color` (dashed if `dash`) and its label. */
export interface LegendEntry {
  label: string;
  /** CSS colour. */
  color: string;
  dash?: boolean;
}

/** Styles of the host, the title and the legend. */
export const plotChromeStyles = css`
  :host { display: block; }
  .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.8rem; margin: 0 0 0.2rem 2.5rem; }
  .legend span::before { content: ''; display: inline-block; width: 1.1em; height: 0.25em; margin-right: 0.3em;
    vertical-align: middle; background: var(--c); }
  .legend .dash::before { background: repeating-linear-gradient(90deg, var(--c) 0 3px, transparent 3px 5px); }
  .title { font-size: 0.85rem; font-weight: 600; margin: 0 0 0.1rem; }
`;

/** The plot's title, or nothing when `label` is empty. */
export function plotTitle(label: string): TemplateResult | string {
  return label ? html`<p class="title">${label}</p>` : '';
}

/** The legend: one line sample and label per entry. */
export function plotLegend(entries: readonly LegendEntry[]): TemplateResult {
  return html`<div class="legend">
    ${entries.map((e) => html`<span class=${e.dash ? 'dash' : ''} style="--c:${e.color}">${e.label}</span>`)}
  </div>`;
}
