import { Long } from 'bson';
import { deletedDocs } from './storage/record';
import { MAX_BSON_OBJECT_SIZE } from './wire/opcodes';

/** An open server-side cursor: a lazy source of BSON documents. */
export interface Cursor {
  id: Long;
  ns: string;
  source: DocSource;
  /** Session id (UUID bytes as hex) when the client sent one, so endSessions can close its cursors. */
  session?: string;
  lastUsed: number;
}

/** mongod's default cursorTimeoutMillis. */
export const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;
/** Leave room for the reply envelope inside the 16 MiB limit. */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

export interface Batch {
  docs: Buffer[];
  exhausted: boolean;
}

/** A source that can look one document ahead, so a batch knows whether anything is left. */
export class DocSource implements Iterator<Buffer> {
  private peeked?: IteratorResult<Buffer>;

  constructor(private readonly inner: Iterator<Buffer>) {}

  next(): IteratorResult<Buffer> {
    for (;;) {
      const p = this.peeked ?? this.inner.next();
      this.peeked = undefined;
      // A document read ahead of the client and deleted since is not returned.
      if (p.done || !deletedDocs.has(p.value)) return p;
    }
  }

  hasMore(): boolean {
    while (!this.peeked) {
      const p = this.inner.next();
      if (p.done || !deletedDocs.has(p.value)) this.peeked = p;
    }
    return !this.peeked.done;
  }

  return(): IteratorResult<Buffer> {
    this.inner.return?.(undefined);
    return { done: true, value: undefined };
  }
}

/** Pulls up to `count` documents (0 = no count limit) and at most ~16 MiB from a source. */
export function takeBatch(source: DocSource, count: number): Batch {
  const docs: Buffer[] = [];
  let bytes = 0;
  while (count === 0 || docs.length < count) {
    const next = source.next();
    if (next.done) return { docs, exhausted: true };
    docs.push(next.value);
    bytes += next.value.length;
    if (bytes >= MAX_BATCH_BYTES) break;
  }
  return { docs, exhausted: !source.hasMore() };
}

export class CursorManager {
  private readonly cursors = new Map<string, Cursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  get size(): number {
    return this.cursors.size;
  }

  open(ns: string, source: DocSource, session?: string): Cursor {
    this.nextId += 1n;
    const cursor: Cursor = { id: Long.fromBigInt(this.nextId), ns, source, session, lastUsed: Date.now() };
    this.cursors.set(cursor.id.toString(), cursor);
    return cursor;
  }

  get(id: Long): Cursor | undefined {
    return this.cursors.get(id.toString());
  }

  kill(id: Long): boolean {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor) return false;
    this.cursors.delete(key);
    cursor.source.return();
    return true;
  }

  killSession(session: string): void {
    for (const c of [...this.cursors.values()]) if (c.session === session) this.kill(c.id);
  }

  /** Closes cursors idle for longer than the timeout. */
  expire(now = Date.now()): void {
    for (const c of [...this.cursors.values()]) if (now - c.lastUsed > CURSOR_TIMEOUT_MS) this.kill(c.id);
  }

  clear(): void {
    for (const c of [...this.cursors.values()]) this.kill(c.id);
  }
}
