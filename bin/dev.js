// `npm run dev`: the bot + Agents Playground (src/dev.ts), compiled from dist/ when current (see launch.js).
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { launch } from './launch.js';

// Loading the bot's modules (Teams, Bot Framework, restify, Azure SDKs) takes seconds, more from the sources or on a
// busy machine, and blocks this thread: a clock on a worker thread (as in src/progress.ts) shows it is moving.
const label = 'curbside dev: loading the bot';
const tty = Boolean(process.stderr.isTTY);
const started = Date.now();
fs.writeSync(2, tty ? `${label}...` : `${label}...\n`);
const stopped = new Int32Array(new SharedArrayBuffer(4));
const clock = new Worker(
  `const { workerData: w } = require('node:worker_threads'); const fs = require('node:fs'); const t0 = Date.now();
   setInterval(() => { if (Atomics.load(w.stopped, 0)) return; const line = w.label + '... ' + Math.round((Date.now() - t0) / 1000) + ' s';
     try { fs.writeSync(2, w.tty ? '\\r\\x1b[2K' + line : line + '\\n'); } catch {} }, w.tty ? 1000 : 5000);`,
  { eval: true, workerData: { label, tty, stopped } },
);
clock.unref();
try {
  await launch('dev', 'curbside dev');
} finally {
  Atomics.store(stopped, 0, 1);
  void clock.terminate();
  fs.writeSync(2, `${tty ? '\r\x1b[2K' : ''}${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
