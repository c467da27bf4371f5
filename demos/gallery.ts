/** The gallery page: says whether this browser offers WebGPU. */
const el = document.getElementById('backend');
if (el) {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  el.textContent = gpu
    ? 'This browser offers WebGPU; the pages use it when cablesim finds an adapter, and the CPU engine otherwise.'
    : 'This browser offers no WebGPU: the pages run on the CPU engine.';
}
