/** The neuron page's ions: concentrations and the Nernst potentials they give. */

/** Gas constant [J/(mol·K)] and Faraday constant [C/mol] (CODATA 2018, exact in the SI). */
export const R = 8.314462618, F = 96485.33212;

/** Concentrations [mM], outside and inside, chosen so that at 6.3 °C the Nernst potentials are HH's E_Na = 50 and E_K = −77 mV. */
export const ION_DEFAULTS_MM = { nao: 440, nai: 55, ko: 20, ki: 490 };

/** Nernst potential [mV] of an ion of valence `z` at `celsius` [°C], concentrations in mM (any one unit). */
export function nernst_mV(out: number, inside: number, celsius: number, z = 1): number {
  return ((1000 * R * (celsius + 273.15)) / (z * F)) * Math.log(out / inside);
}
