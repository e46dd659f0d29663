// Runs tasks that share a key one after another, in arrival order; tasks with different keys run concurrently. The bot uses
// it per conversation: a turn loads the conversation state, answers, then saves it with the eTag it read, so a second message
// that started before the first had saved would read stale state and its save would fail ("eTag conflict") and be lost.
export class KeyedQueue {
  /** The tail of each key's chain; removed when the chain drains, so idle conversations cost nothing. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Tasks running or waiting, per key. */
  private readonly depths = new Map<string, number>();

  /** Keys with a task running or waiting. */
  get activeKeys(): number {
    return this.tails.size;
  }

  /** Tasks of this key running or waiting. */
  depth(key: string): number {
    return this.depths.get(key) ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    this.depths.set(key, this.depth(key) + 1);
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed task must not stop the ones queued behind it.
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      const left = this.depth(key) - 1;
      if (left > 0) this.depths.set(key, left);
      else this.depths.delete(key);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
