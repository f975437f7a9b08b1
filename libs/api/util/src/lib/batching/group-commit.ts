/** The outcome of one item of a batch: its value, or the error that refused it alone. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most items written in one batch. */
  maxBatch: number;
  /** Batches in flight at once; items that arrive meanwhile wait and go together in the next one. */
  maxConcurrent: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: calls that arrive while a batch is being written wait and are written together in the next
 * batch, so that under load one database round trip (and one journal fsync) serves many callers, while a lone
 * call waits no longer than one turn of the event loop. `flush` answers each item of a batch in order; if it
 * throws, every item of that batch fails with its error.
 */
export class GroupCommit<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private active = 0;
  private scheduled = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<Settled<O>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a batch (not counting those being written). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.active >= this.options.maxConcurrent || !this.queue.length) return;
    this.scheduled = true;
    // setImmediate: let every event already read from the sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.active < this.options.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.active++;
      this.write(batch).finally(() => {
        this.active--;
        this.schedule();
      });
    }
  }

  private async write(batch: Waiting<I, O>[]): Promise<void> {
    let results: Settled<O>[];
    try {
      results = await this.flush(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r.ok) w.resolve(r.value);
      else w.reject(r.error);
    });
  }
}
