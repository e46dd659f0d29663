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
    // Two workers on a 2-core machine (vitest's default there is one): much of a file's time is spent waiting on a child
    // process, a loopback server or a deadline, which the other worker fills.
    maxWorkers: 2,
    // A worker keeps its module cache from file to file: each of the 100 files loaded botbuilder, the Azure SDKs, pdf.js
    // and the domain core again (test/api + test/answer: 70 s of CPU isolated, 34 s not). Files share no state but what
    // they close in their own afterAll (servers, stores, temp folders); spies are restored where they are made.
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
