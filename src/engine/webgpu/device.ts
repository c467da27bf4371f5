/**
 * Getting a WebGPU adapter and device, in a browser (`navigator.gpu`) or in Node (the `webgpu`
 * package, Dawn). On a machine with no GPU Dawn finds no adapter unless it is pointed at a
 * software Vulkan driver; Chromium's SwiftShader works (Mesa's lavapipe does not), so when
 * none is found and the user set no `VK_ICD_FILENAMES`, cablesim points Dawn at SwiftShader
 * itself. Setting the variable before Dawn's `create()` is enough (measured); the Vulkan
 * loader (`libvulkan.so.1`, Debian's libvulkan1) must be installed.
 */
import { CablesimError } from '../../model/errors.js';

/** Chromium's SwiftShader Vulkan driver, as Debian's `chromium` package installs it. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface GpuContext {
  adapter: GPUAdapter;
  device: GPUDevice;
  /** Dawn's GPU object in Node: kept referenced while the device lives (Dawn crashes at GC otherwise). */
  readonly keepAlive: unknown;
  /** One line naming the adapter, e.g. `google swiftshader (SwiftShader driver 5.0.0)`. */
  readonly name: string;
  /** True for a CPU (software) adapter such as SwiftShader. */
  readonly software: boolean;
  /**
   * Invocations that run as one SIMD group in lockstep, each instruction for all of them before
   * the next, so that a store is seen by the group's next load without a barrier: SwiftShader's
   * subgroup (4 lanes, `lockstepWidth`); 0 where that is not known (every hardware GPU).
   */
  readonly lockstepWidth: number;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

interface NodeGpu {
  gpu: GPU;
  keepAlive: unknown;
}

let nodeGpu: Promise<NodeGpu> | undefined;

/** `fs.existsSync` in Node (loaded lazily so that a browser bundle never needs node:fs). */
async function fileExists(path: string): Promise<boolean> {
  const fs = await import('node:fs');
  return fs.existsSync(path);
}

/** Whether this Linux machine shows any GPU device node; when none, go straight to SwiftShader. */
async function hasGpuDeviceNode(): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  const fs = await import('node:fs');
  try {
    if (fs.readdirSync('/dev/dri').some((f) => f.startsWith('renderD'))) return true;
  } catch {
    // no /dev/dri
  }
  return fs.existsSync('/dev/nvidia0') || fs.existsSync('/dev/dxg');
}

/**
 * SwiftShader prints "error: XDG_RUNTIME_DIR is invalid or not set" on stderr whenever it is
 * opened without that variable; give it a private empty folder (as a login session would).
 */
async function quietXdgRuntimeDir(): Promise<void> {
  if (process.env.XDG_RUNTIME_DIR || process.platform !== 'linux') return;
  try {
    const [fs, os, path] = await Promise.all([import('node:fs'), import('node:os'), import('node:path')]);
    // one folder per user, reused (a process may end without running exit handlers)
    const dir = path.join(os.tmpdir(), `cablesim-xdg-${process.getuid?.() ?? 'user'}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) return;
    process.env.XDG_RUNTIME_DIR = dir;
  } catch {
    // only a message on stderr is at stake
  }
}

/**
 * On SwiftShader (chosen by cablesim itself) Dawn's bounds clamping of every storage access
 * is turned off (`disable_robustness`): measured, it costs SwiftShader about a third of the
 * kernels' time. cablesim's kernels index only into buffers whose sizes and index tables it
 * built on the host. `CABLESIM_ROBUST=1` keeps the clamping.
 * Also off there: the zero-filling of workgroup memory that Dawn adds to a kernel
 * (`disable_workgroup_init`), which SwiftShader compiles for seconds when the arrays are long
 * (the shared strategy's for Rallpack 2, 2,047 nodes: 4.8 s against 0.2 s without); the shared
 * kernel writes every word of its workgroup arrays before it reads it.
 * And Dawn's sub-allocation of buffers from large memory heaps (`disable_resource_suballocation`):
 * SwiftShader zero-fills each new heap, which made a process's first buffer take ~25 ms of
 * start-up; each buffer gets its own allocation instead (~0.2 ms).
 */
async function createNodeGpu(icd: string | undefined): Promise<NodeGpu> {
  if (icd) process.env.VK_ICD_FILENAMES = icd;
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    throw new CablesimError(`WebGPU is not available in Node: the "webgpu" package failed to load (${(e as Error).message})`);
  }
  // GPUBufferUsage and friends, as a browser has them.
  for (const [k, v] of Object.entries(mod.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  await quietXdgRuntimeDir();
  const features = icd === SWIFTSHADER_ICD ? ['disable_workgroup_init', 'disable_resource_suballocation', ...(process.env.CABLESIM_ROBUST ? [] : ['disable_robustness'])] : [];
  const gpu = mod.create(features.length ? [`enable-dawn-features=${features.join(',')}`] : []);
  return { gpu, keepAlive: gpu };
}

async function nodeAdapter(power: GPUPowerPreference | undefined): Promise<{ adapter: GPUAdapter | null; keepAlive: unknown }> {
  const userIcd = process.env.VK_ICD_FILENAMES;
  const mayUseSwiftShader = !userIcd && !process.env.CABLESIM_NO_SWIFTSHADER && (await fileExists(SWIFTSHADER_ICD));
  nodeGpu ??= createNodeGpu(mayUseSwiftShader && !(await hasGpuDeviceNode()) ? SWIFTSHADER_ICD : undefined);
  let { gpu, keepAlive } = await nodeGpu;
  let adapter = await gpu.requestAdapter(power ? { powerPreference: power } : {});
  if (!adapter && mayUseSwiftShader && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD) {
    // No hardware adapter: a second Dawn instance, created after pointing Vulkan at SwiftShader.
    const fallback = createNodeGpu(SWIFTSHADER_ICD);
    ({ gpu, keepAlive } = await fallback);
    adapter = await gpu.requestAdapter({});
    if (adapter) nodeGpu = fallback;
  }
  return { adapter, keepAlive };
}

async function noAdapterMessage(): Promise<string> {
  if (!isNode) return 'no WebGPU adapter: this browser has WebGPU but offered no adapter (is hardware acceleration off?)';
  const hints: string[] = [];
  if (
    process.platform === 'linux' &&
    !(await fileExists('/usr/lib/x86_64-linux-gnu/libvulkan.so.1')) &&
    !(await fileExists('/usr/lib/aarch64-linux-gnu/libvulkan.so.1'))
  ) {
    hints.push('the Vulkan loader libvulkan.so.1 seems missing (Debian: apt-get install libvulkan1)');
  }
  if (!(await fileExists(SWIFTSHADER_ICD))) hints.push(`no software driver at ${SWIFTSHADER_ICD} (Debian: apt-get install chromium)`);
  else if (process.env.VK_ICD_FILENAMES) hints.push(`VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES} offered none`);
  return `no WebGPU adapter found${hints.length ? ': ' + hints.join('; ') : ''}; use --backend cpu`;
}

export interface AcquireOptions {
  powerPreference?: GPUPowerPreference;
  /** Features the device must have (e.g. `timestamp-query` for the benchmark's kernel times). */
  requiredFeatures?: GPUFeatureName[];
  /** Called once if the device is lost later (message already phrased for a user). */
  onLost?: (message: string) => void;
}

/** The WebGPU adapter, or null when there is none (no error). */
export async function findAdapter(power?: GPUPowerPreference): Promise<{ adapter: GPUAdapter; keepAlive: unknown } | null> {
  if (isNode) {
    const r = await nodeAdapter(power);
    return r.adapter ? { adapter: r.adapter, keepAlive: r.keepAlive } : null;
  }
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter(power ? { powerPreference: power } : {});
  return adapter ? { adapter, keepAlive: gpu } : null;
}

/** Logical CPU cores (a software adapter spreads workgroups over them; the CPU engine uses one). */
export async function logicalCores(): Promise<number> {
  if (!isNode) return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const os = await import('node:os');
  return os.availableParallelism?.() ?? os.cpus().length;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|warp/i;

/**
 * SwiftShader runs each subgroup of a workgroup as one program over SIMD vectors of the
 * subgroup's width (4): its invocations are in lockstep. Only SwiftShader is trusted with this
 * (a hardware GPU may schedule a subgroup's threads independently, as NVIDIA's do since Volta).
 */
export function lockstepWidth(adapter: GPUAdapter): number {
  const info = adapter.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
  if (!/swiftshader/i.test(`${info.architecture} ${info.description}`)) return 0;
  const min = info.subgroupMinSize ?? 0;
  return min > 0 && min === info.subgroupMaxSize ? min : 0;
}

/** Whether an adapter is a CPU implementation (SwiftShader, llvmpipe, WARP). */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const { architecture, description, device } = adapter.info;
  return SOFTWARE.test(`${architecture} ${description} ${device}`);
}

function adapterName(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture].filter((s) => s);
  const name = parts.join(' ') || 'unknown adapter';
  return info.description ? `${name} (${info.description})` : name;
}

/**
 * An adapter and a device with the largest storage buffers the adapter allows. Throws a
 * `CablesimError` saying why when there is no adapter or the device cannot be made.
 */
export async function acquireGpu(opts: AcquireOptions = {}): Promise<GpuContext> {
  if (!isNode && !(globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu) {
    throw new CablesimError('this browser has no WebGPU (navigator.gpu is missing); use the CPU engine');
  }
  const found = await findAdapter(opts.powerPreference);
  if (!found) throw new CablesimError(await noAdapterMessage());
  const { adapter, keepAlive } = found;
  const lim = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      label: 'cablesim device',
      requiredFeatures: opts.requiredFeatures ?? [],
      requiredLimits: {
        maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
        maxBufferSize: lim.maxBufferSize,
        maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: lim.maxComputeWorkgroupSizeX,
      },
    });
  } catch (e) {
    throw new CablesimError(`the WebGPU adapter ${adapterName(adapter.info)} refused to make a device: ${(e as Error).message}`);
  }
  const gpu = { adapter, device, keepAlive, name: adapterName(adapter.info), software: isSoftwareAdapter(adapter), lockstepWidth: lockstepWidth(adapter) };
  if (opts.onLost) watchDeviceLost(gpu, opts.onLost);
  return gpu;
}

/** Call `onLost` with a message for the user if the device is lost other than by `destroy()`. */
export function watchDeviceLost(gpu: Pick<GpuContext, 'device' | 'name'>, onLost: (message: string) => void): void {
  void gpu.device.lost.then((info) => {
    if (info.reason !== 'destroyed') onLost(`the GPU device (${gpu.name}) was lost: ${info.message || info.reason}`);
  });
}

/** What `cablesim info` shows about an adapter. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a CPU (software) implementation. */
  software: boolean;
  /** The limits that bound a model's size. */
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxStorageBuffersPerShaderStage: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupsPerDimension: number;
  };
}

/** Describe the adapter cablesim would use, or null when there is none. */
export async function describeAdapter(): Promise<AdapterDescription | null> {
  const found = await findAdapter();
  if (!found) return null;
  const { info, limits: l } = found.adapter;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software: isSoftwareAdapter(found.adapter),
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
  };
}
