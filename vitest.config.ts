import { defineConfig } from 'vitest/config';

// restify loads spdy -> http-deceiver, which calls process.binding('http_parser'): Node's DEP0111 warning, three stderr
// lines per test process and per spawned server. Known and harmless here (npm start/dev pass the same flag); the test
// workers and every child a test spawns inherit NODE_OPTIONS.
const quiet = '--disable-warning=DEP0111';
if (!process.env.NODE_OPTIONS?.includes(quiet))
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${quiet}`.trim();

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
