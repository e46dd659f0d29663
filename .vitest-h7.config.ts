import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['test/api/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 300_000, pool: 'forks' } });
