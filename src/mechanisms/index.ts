/** Every mechanism a model file may name, by name. */
import { hh } from './hh.js';
import { pas } from './pas.js';
import type { MechanismDef } from './types.js';

export const MECHANISMS: Record<string, MechanismDef> = { hh, pas };

export { hh, pas };
export type { MechanismDef, MechanismData, ParamDef, CpuMechanism, MechanismEnv } from './types.js';
