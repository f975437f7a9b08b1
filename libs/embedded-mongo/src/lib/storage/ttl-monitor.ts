import type { ServerState } from '../commands/context';
import type { CursorManager } from '../cursors';
import { compileFilter } from '../query/filter';
import { findMatches } from '../query/executor';
import type { Store, WriteBatch } from './store';

/**
 * Deletes documents whose TTL index date is older than `expireAfterSeconds`, every
 * `ttlMonitorSleepSecs` (as mongod's TTL monitor), and closes idle cursors. Its timer is unref'd.
 */
export class TtlMonitor {
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly cursors: CursorManager,
    private readonly state: ServerState,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  reschedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.tick(), this.state.parameters.ttlMonitorSleepSecs * 1000);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      this.cursors.expire();
      await this.sweep();
    } catch {
      // a failed pass is retried on the next tick
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule();
    }
  }

  /** One pass over every TTL index; returns the number of deleted documents. */
  async sweep(now = Date.now()): Promise<number> {
    const batch: WriteBatch = [];
    let deleted = 0;
    for (const coll of [...this.store.catalog.collections()]) {
      for (const index of [...coll.indexes.values()]) {
        if (index.expireAfterSeconds === undefined || index.fields.length !== 1) continue;
        const cutoff = new Date(now - index.expireAfterSeconds * 1000);
        const field = index.fields[0].path;
        const filter = compileFilter({ [field]: { $lt: cutoff } });
        for (const m of findMatches(coll, filter, { hint: index.name })) {
          this.store.remove(coll, m.record, batch);
          deleted++;
        }
      }
    }
    await this.store.commit(batch);
    return deleted;
  }
}
