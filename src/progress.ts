// Progress for long work: a redrawn bar on a TTY, plain lines otherwise. A heartbeat keeps it moving while one item
// takes long (a 300-page PDF holds the count still for tens of seconds): no wait over 2 s passes without output.
import { Worker } from 'node:worker_threads';
export interface Progress {
  update(done: number, detail?: string): void;
  done(message?: string): void;
}

/** How often output appears while nothing changes: a TTY bar redraws its clock, plain output (logs, CI) adds a line. */
export interface ProgressTiming {
  ttyHeartbeatMs: number;
  plainMinIntervalMs: number;
  plainHeartbeatMs: number;
}
export const PROGRESS_TIMING: Readonly<ProgressTiming> = {
  ttyHeartbeatMs: 1000,
  plainMinIntervalMs: 2000,
  plainHeartbeatMs: 5000,
};

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  timing: Readonly<ProgressTiming> = PROGRESS_TIMING,
): Progress {
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let lastPlain = 0;
  let current = { done: 0, detail: '' };
  const write = (done: number, detail = '', heartbeat = false) => {
    current = { done, detail };
    const pct = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = seconds(Date.now() - started);
    if (tty) {
      const width = 24;
      const filled = Math.round(pct * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      const line = `${label} [${bar}] ${done}/${total} ${elapsed} ${detail}`.slice(0, (stream.columns || 100) - 1);
      stream.write(`\r\x1b[2K${line}`);
    } else {
      const now = Date.now();
      if (now - lastPlain < (heartbeat ? timing.plainHeartbeatMs : timing.plainMinIntervalMs) && done < total) return;
      lastPlain = now;
      stream.write(
        `${label}: ${done}/${total} (${Math.round(pct * 100)}%) ${heartbeat ? `still working, ${elapsed}` : detail}\n`,
      );
    }
  };
  const timer = setInterval(
    () => write(current.done, current.detail, true),
    tty ? timing.ttyHeartbeatMs : Math.min(timing.plainHeartbeatMs, 1000),
  );
  timer.unref();
  if (!tty) {
    stream.write(`${label}: 0/${total}\n`);
    lastPlain = Date.now();
  }
  return {
    update: (done, detail) => write(done, detail),
    done(message) {
      clearInterval(timer);
      if (tty) stream.write('\r\x1b[2K');
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${label}: ${message ?? 'done'} in ${secs} s\n`);
    },
  };
}

/**
 * A clock for a wait that blocks this thread (loading modules, building the recommendation units): timers cannot fire
 * then, so the clock runs on a worker thread and writes straight to the stream's file descriptor. stop() before the
 * next line of our own: the flag it sets is checked before every tick.
 */
export function blockingClock(label: string, stream: NodeJS.WriteStream, everyMs: number): { stop(): void } {
  const fd = (stream as { fd?: number }).fd;
  if (typeof fd !== 'number') return { stop() {} };
  const stopped = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(CLOCK_WORKER, {
    eval: true,
    workerData: { label, fd, tty: Boolean(stream.isTTY), everyMs, stopped },
  });
  worker.unref();
  return {
    stop() {
      Atomics.store(stopped, 0, 1);
      void worker.terminate();
    },
  };
}

const CLOCK_WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { label, fd, tty, everyMs, stopped } = workerData;
const started = Date.now();
setInterval(() => {
  if (Atomics.load(stopped, 0)) return;
  const line = label + '... ' + Math.round((Date.now() - started) / 1000) + ' s';
  try { fs.writeSync(fd, tty ? '\\r\\x1b[2K' + line : line + '\\n'); } catch {}
}, everyMs);
`;

/**
 * One wait without a count (starting the Playground, preparing the recommendation units): a line when it starts, the
 * elapsed time while it lasts (redrawn on a TTY, a line every few seconds otherwise), and how long it took.
 */
export async function step<T>(
  label: string,
  work: () => Promise<T>,
  stream: NodeJS.WriteStream = process.stderr,
  timing: Readonly<ProgressTiming> = PROGRESS_TIMING,
): Promise<T> {
  const started = Date.now();
  const tty = Boolean(stream.isTTY);
  stream.write(tty ? `${label}...` : `${label}...\n`);
  const clock = blockingClock(label, stream, tty ? timing.ttyHeartbeatMs : timing.plainHeartbeatMs);
  try {
    const result = await work();
    clock.stop();
    stream.write(`${tty ? '\r\x1b[2K' : ''}${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (err) {
    clock.stop();
    if (tty) stream.write('\n');
    throw err;
  } finally {
    clock.stop();
  }
}
