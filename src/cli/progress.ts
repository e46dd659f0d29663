// Progress for long work: a redrawn bar on a TTY, plain lines (at most one per 2 s, plus the last) otherwise.
export interface Progress {
  update(done: number, detail?: string): void;
  done(message?: string): void;
}

export function progress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let lastPlain = 0;
  const started = Date.now();
  const write = (done: number, detail = '') => {
    const pct = total > 0 ? Math.min(1, done / total) : 1;
    if (tty) {
      const width = 24;
      const filled = Math.round(pct * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      const line = `${label} [${bar}] ${done}/${total} ${detail}`.slice(0, (stream.columns || 100) - 1);
      stream.write(`\r\x1b[2K${line}`);
    } else {
      const now = Date.now();
      if (now - lastPlain < 2000 && done < total) return;
      lastPlain = now;
      stream.write(`${label}: ${done}/${total} (${Math.round(pct * 100)}%) ${detail}\n`);
    }
  };
  return {
    update: write,
    done(message) {
      if (tty) stream.write('\r\x1b[2K');
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${label}: ${message ?? 'done'} in ${secs} s\n`);
    },
  };
}
