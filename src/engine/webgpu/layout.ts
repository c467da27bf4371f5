/**
 * Byte layouts of the WGSL structs in `shaders/structs.wgsl`, one constant each: the only
 * place their offsets are written on the host. `tests/gpu/layout.test.ts` holds each to what
 * the GPU compiler makes of the WGSL.
 */

export type WgslScalar = 'u32' | 'i32' | 'f32';

export interface StructLayout<F extends string = string> {
  /** Name of the struct in WGSL. */
  name: string;
  /** Size and array stride [bytes]. */
  size: number;
  fields: Record<F, { offset: number; type: WgslScalar }>;
}

/** A node of the cell's tree, shared by all copies. */
export const NODE_LAYOUT: StructLayout<'parent' | 'g_axial_uS' | 'area_factor'> = {
  name: 'Node',
  size: 12,
  fields: {
    /** Parent node, −1 for a root. */
    parent: { offset: 0, type: 'i32' },
    /** Axial conductance to the parent [µS]. */
    g_axial_uS: { offset: 4, type: 'f32' },
    /** Membrane area × 1e-2: (mA/cm²) → nA and (S/cm²) → µS; C/dt is this × CDT_PER_AREA. */
    area_factor: { offset: 8, type: 'f32' },
  },
};

/** A current clamp: on for the steps `on_step ≤ s < off_step`. */
export const STIMULUS_LAYOUT: StructLayout<'node' | 'on_step' | 'off_step' | 'amp_nA'> = {
  name: 'Stimulus',
  size: 16,
  fields: {
    node: { offset: 0, type: 'u32' },
    on_step: { offset: 4, type: 'u32' },
    off_step: { offset: 8, type: 'u32' },
    amp_nA: { offset: 12, type: 'f32' },
  },
};

/** A recorded value: `state[offset + cell] + add_mV` into column `column` (+ cell if all copies). */
export const PROBE_LAYOUT: StructLayout<'offset' | 'column' | 'all_copies' | 'add_mV'> = {
  name: 'Probe',
  size: 16,
  fields: {
    offset: { offset: 0, type: 'u32' },
    column: { offset: 4, type: 'u32' },
    all_copies: { offset: 8, type: 'u32' },
    add_mV: { offset: 12, type: 'f32' },
  },
};

/** Per-dispatch parameters (a uniform, one slot per dispatch at a dynamic offset). */
export const STEP_PARAMS_LAYOUT: StructLayout<'step0' | 'steps' | 'row0' | 'pad'> = {
  name: 'StepParams',
  size: 16,
  fields: {
    /** Index of the first step this dispatch takes (step s goes from t = s·dt to (s+1)·dt). */
    step0: { offset: 0, type: 'u32' },
    /** Number of steps. */
    steps: { offset: 4, type: 'u32' },
    /** Row of the record buffer that the first step's result goes to. */
    row0: { offset: 8, type: 'u32' },
    pad: { offset: 12, type: 'u32' },
  },
};

export const ALL_LAYOUTS: StructLayout[] = [NODE_LAYOUT, STIMULUS_LAYOUT, PROBE_LAYOUT, STEP_PARAMS_LAYOUT];

/** Pack `items` as an array of `layout` structs. */
export function packStructs<F extends string>(layout: StructLayout<F>, items: ArrayLike<Record<F, number>>, minCount = 1): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(items.length, minCount) * layout.size);
  const view = new DataView(buf);
  for (let i = 0; i < items.length; i++) {
    const base = i * layout.size;
    for (const f of Object.keys(layout.fields) as F[]) {
      const { offset, type } = layout.fields[f];
      const x = items[i][f];
      if (type === 'f32') view.setFloat32(base + offset, x, true);
      else if (type === 'i32') view.setInt32(base + offset, x, true);
      else view.setUint32(base + offset, x, true);
    }
  }
  return buf;
}
