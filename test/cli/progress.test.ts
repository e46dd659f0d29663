// Progress output of long waits (index build, recommendation units, Playground start): something appears at once and
// keeps appearing while one item takes long, on a terminal (redrawn) and in plain output (logs, CI).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress, step } from '../../src/progress.js';

/** A stderr stand-in that records what is written; tty decides which of the two renderings is used. */
function capture(tty: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 120 });
  return { stream, text: () => text };
}

// Heartbeats every few ms, so the tests wait for them without depending on how long anything takes.
const fast = { ttyHeartbeatMs: 5, plainMinIntervalMs: 5, plainHeartbeatMs: 5 };

describe('progress', () => {
  it('plain output: a first line at once, "still working" lines while the count stands still, the total at the end', async () => {
    const out = capture(false);
    const bar = progress('Indexing guidelines', 99, out.stream, fast);
    expect(out.text()).toBe('Indexing guidelines: 0/99\n');
    bar.update(1, 'a.pdf');
    await expect
      .poll(() => out.text(), { timeout: 30_000 })
      .toMatch(/Indexing guidelines: 1\/99 \(1%\) still working, \d+ s\n/);
    bar.update(99, 'z.md');
    bar.done('99 files indexed');
    expect(out.text()).toMatch(/Indexing guidelines: 99 files indexed in \d+\.\d s\n$/);
  });

  it('terminal: the bar is redrawn with its clock while the count stands still, then cleared for the summary', async () => {
    const out = capture(true);
    const bar = progress('Indexing guidelines', 4, out.stream, fast);
    bar.update(1, 'a.pdf');
    const first = out.text().length;
    await expect.poll(() => out.text().length, { timeout: 30_000 }).toBeGreaterThan(first);
    expect(out.text()).toMatch(/\r\x1b\[2KIndexing guidelines \[######------------------\] 1\/4 \d+ s a\.pdf/);
    bar.done();
    expect(out.text()).toMatch(/\r\x1b\[2KIndexing guidelines: done in \d+\.\d s\n$/);
  });
});

/** A stream on a real file descriptor (the clock of a blocked thread writes to the descriptor, not the stream). */
function fileStream(tty: boolean) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-progress-')), 'stderr.txt');
  const fd = fs.openSync(file, 'a');
  const stream = {
    fd,
    isTTY: tty,
    columns: 120,
    write: (s: string) => fs.writeSync(fd, s) > 0,
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => fs.readFileSync(file, 'utf8') };
}

describe('step', () => {
  it('says what it waits for at once, shows the elapsed time while waiting, and how long it took', async () => {
    const out = fileStream(false);
    let finish!: (v: string) => void;
    const result = step(
      'Starting the Agents Playground',
      () => new Promise<string>((resolve) => (finish = resolve)),
      out.stream,
      fast,
    );
    expect(out.text()).toBe('Starting the Agents Playground...\n');
    await expect.poll(() => out.text(), { timeout: 30_000 }).toMatch(/^Starting the Agents Playground\.\.\. \d+ s$/m);
    finish('port 56150');
    await expect(result).resolves.toBe('port 56150');
    expect(out.text()).toMatch(/Starting the Agents Playground: done in \d+\.\d s\n$/);
  });

  it('keeps its clock going while the work blocks this thread (the recommendation units are built synchronously)', async () => {
    const out = fileStream(false);
    let sawClock = false;
    await step(
      'Preparing the recommendation units',
      async () => {
        // Busy until the clock line appears: only a clock running off this thread can end the loop (bounded, to fail not hang).
        const deadline = Date.now() + 30_000;
        while (!sawClock && Date.now() < deadline) sawClock = /units\.\.\. \d+ s\n/.test(out.text());
      },
      out.stream,
      fast,
    );
    expect(sawClock).toBe(true);
    const done = out.text();
    expect(done).toMatch(/Preparing the recommendation units: done in \d+\.\d s\n$/);
    await new Promise((r) => setTimeout(r, 50));
    expect(out.text()).toBe(done);
  });

  it('passes a failure through unchanged and stops its clock', async () => {
    const out = fileStream(true);
    await expect(step('Preparing', () => Promise.reject(new Error('no index')), out.stream, fast)).rejects.toThrow(
      'no index',
    );
    const after = out.text();
    await new Promise((r) => setTimeout(r, 50));
    expect(out.text()).toBe(after);
  });
});
