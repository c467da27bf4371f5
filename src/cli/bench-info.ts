/**
 * `cablesim info`: the WebGPU adapter cablesim would use (vendor, architecture, device,
 * whether it is a software one, timestamp-query, the limits that bound a model's size), or
 * why there is none; and the machine, as `cablesim bench` records it.
 */
import { acquireGpu } from '../engine/webgpu/device.js';
import { adapterReport, machineReport, packageVersion } from '../bench/node.js';
import { CablesimError } from '../model/errors.js';

/** Bytes in words: `128 MiB`, `16 KiB`. */
function bytes(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${+(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${+(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Why there is no adapter, in the words `run --backend webgpu` would use. */
async function whyNone(): Promise<string> {
  try {
    const gpu = await acquireGpu();
    gpu.device.destroy();
    return 'an adapter was found on the second try';
  } catch (e) {
    return e instanceof CablesimError || (e as Error).name === 'CablesimError' ? (e as Error).message : `WebGPU failed: ${(e as Error).message}`;
  }
}

/** The lines `cablesim info` prints. */
export async function infoLines(): Promise<string[]> {
  const m = machineReport();
  const lines = [
    `cablesim: ${packageVersion()}`,
    `machine:  ${m.cpu}, ${m.cores} cores, ${m.memory_GiB} GiB, ${m.os}, ${m.runtime}`,
  ];
  const { adapter: a } = await adapterReport();
  if (!a) {
    lines.push(`webgpu:   none: ${await whyNone()}`);
    return lines;
  }
  lines.push(
    `webgpu:   ${[a.vendor, a.architecture].filter((s) => s).join(' ') || 'unknown adapter'}${a.software ? ' (software: runs on the CPU)' : ''}`,
    `  vendor:        ${a.vendor || '–'}`,
    `  architecture:  ${a.architecture || '–'}`,
    `  device:        ${a.device || '–'}`,
    `  description:   ${a.description || '–'}`,
    `  timestamps:    ${a.timestamp_query ? 'yes (timestamp-query: bench times each kernel)' : 'no (bench says n/a for kernel times)'}`,
    '  limits:',
    ...Object.entries(a.limits).map(([k, v]) => `    ${k.padEnd(34)} ${/Size$/.test(k) ? bytes(v) : v}`),
  );
  return lines;
}

export async function infoCommand(): Promise<number> {
  process.stdout.write((await infoLines()).join('\n') + '\n');
  return 0;
}
