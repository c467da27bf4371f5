import { defineConfig } from 'vitest/config';

// Dawn (the `webgpu` package) finds no adapter on a machine with no GPU until it is pointed at
// a software Vulkan driver; Chromium's SwiftShader is the one that works. Set before any test
// file loads Dawn. A real GPU's driver, when present, is left alone.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.CABLESIM_NO_SWIFTSHADER) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
