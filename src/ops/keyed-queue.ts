// Runs tasks that share a key one after another, in arrival order; tasks with different keys run concurrently. The bot uses
// it per conversation: a turn loads the conversation state, answers, then saves it with the eTag it read, so a second message
// that started before the first had saved would read stale state and its save would fail ("eTag conflict") and be lost.
export class KeyedQueue {
  /** The tail of each key's chain; removed when the chain drains, so idle conversations cost nothing. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Keys with a task running or waiting. */
  get activeKeys(): number {
    return this.tails.size;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed task must not stop the ones queued behind it.
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
