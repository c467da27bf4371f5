#!/usr/bin/env node
// Makes sure the system packages the GPU tests need are present (run by `npm test`): Debian's
// `chromium` (its SwiftShader Vulkan driver is the software GPU the WebGPU engine runs on where
// there is no GPU) and `libvulkan1` (the Vulkan loader Dawn opens). Idempotent and quiet when
// they are there; installs them with apt-get otherwise (as root, or through sudo).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'chromium', file: '/usr/lib/chromium/vk_swiftshader_icd.json' },
  { pkg: 'libvulkan1', file: ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'] },
];

if (process.platform !== 'linux' || process.env.CABLESIM_SKIP_SYSTEM) process.exit(0);
const missing = needs.filter(({ file }) => ![file].flat().some((f) => existsSync(f))).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const aptGet = '/usr/bin/apt-get';
if (!existsSync(aptGet)) {
  console.warn(`ensure-system: missing ${missing.join(', ')} and no apt-get here; the GPU tests will be skipped`);
  process.exit(0);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const run = (args) => {
  const [cmd, ...rest] = root ? [aptGet, ...args] : ['sudo', '-n', aptGet, ...args];
  execFileSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
console.log(`ensure-system: installing ${missing.join(', ')} with apt-get`);
try {
  try {
    run(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  } catch {
    run(['update', '-q']);
    run(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  }
} catch (e) {
  console.warn(`ensure-system: could not install ${missing.join(', ')} (${e.message.split('\n')[0]}); the GPU tests will be skipped`);
}
