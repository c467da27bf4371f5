/** The unit conversions both engines assemble a node's matrix row with. */

/** µm² · (mA/cm²) → nA, and µm² · (S/cm²) → µS. */
export const DENSITY_TO_ABS = 1e-2;
/** µm² · (µF/cm²) → nF. */
export const CAP_TO_NF = 1e-5;
