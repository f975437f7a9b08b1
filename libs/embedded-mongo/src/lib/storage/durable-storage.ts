import * as fs from 'node:fs';
import * as path from 'node:path';
import { captureSnapshot, checkpointName, listCheckpoints, loadCheckpoint, writeCheckpoint } from './checkpoint';
import { JournalWriter, fsyncDir, listSegments, readSegment, segmentName } from './journal';
import { decodeOps, encodeOps, type JournalOp } from './journal-ops';
import { DataDirLock } from './lock-file';
import type { Durability, Store } from './store';

export interface DurabilityOptions {
  /** Journal bytes after which a checkpoint is taken (bounds recovery time). Default 64 MiB. */
  checkpointBytes?: number;
}

export interface RecoveryReport {
  checkpoint?: number;
  segments: number;
  frames: number;
  tornTail: boolean;
  millis: number;
}

const DEFAULT_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/**
 * A data directory: lock file, append-only journal segments and checkpoints.
 * Opening it recovers the store (latest checkpoint, then the journal after it, dropping a torn tail).
 */
export class DurableStorage implements Durability {
  private checkpointing?: Promise<void>;
  private closed = false;
  /** Last checkpoint error, surfaced by the next checkpoint or close (writes keep going to the journal). */
  checkpointError?: Error;

  private constructor(
    readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly writer: JournalWriter,
    private readonly checkpointBytes: number,
    readonly recovery: RecoveryReport,
  ) {}

  static async open(dir: string, store: Store, options: DurabilityOptions = {}): Promise<DurableStorage> {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    makePrivate(dir);
    const lock = DataDirLock.acquire(dir);
    try {
      const started = Date.now();
      const recovery = recover(dir, store);
      const segments = listSegments(dir);
      const last = segments[segments.length - 1];
      const writer =
        last !== undefined && last >= (recovery.checkpoint ?? 0)
          ? await JournalWriter.open(dir, last, recovery.lastValidSize)
          : await JournalWriter.open(dir, recovery.checkpoint ?? 1, 0);
      const report: RecoveryReport = {
        checkpoint: recovery.checkpoint,
        segments: recovery.segments,
        frames: recovery.frames,
        tornTail: recovery.tornTail,
        millis: Date.now() - started,
      };
      return new DurableStorage(dir, lock, writer, options.checkpointBytes ?? DEFAULT_CHECKPOINT_BYTES, report);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Appends the ops to the journal; resolves once they are fsynced. Enqueues synchronously. */
  commit(ops: JournalOp[], store: Store): Promise<void> {
    const done = this.writer.append(encodeOps(ops));
    if (!this.checkpointing && this.writer.size > this.checkpointBytes) void this.checkpoint(store);
    return done;
  }

  /** Number of journal fsyncs so far. */
  get syncs(): number {
    return this.writer.syncs;
  }

  get journalBytes(): number {
    return this.writer.size;
  }

  /**
   * Takes a checkpoint: switches the journal to a new segment and captures the state in the same
   * synchronous step, writes the snapshot, then removes the segments and checkpoints it supersedes.
   */
  checkpoint(store: Store): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    const seq = this.writer.seq + 1;
    const rotated = this.writer.rotate(seq);
    const snapshot = captureSnapshot(store.catalog);
    this.checkpointing = (async () => {
      try {
        await rotated;
        await writeCheckpoint(this.dir, seq, snapshot);
        for (const s of listSegments(this.dir)) if (s < seq) fs.rmSync(path.join(this.dir, segmentName(s)), { force: true });
        for (const c of listCheckpoints(this.dir)) if (c < seq) fs.rmSync(path.join(this.dir, checkpointName(c)), { force: true });
        fsyncDir(this.dir);
        this.checkpointError = undefined;
      } catch (err) {
        this.checkpointError = err as Error;
      } finally {
        this.checkpointing = undefined;
      }
    })();
    return this.checkpointing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      while (this.checkpointing) await this.checkpointing;
      await this.writer.close();
    } finally {
      this.lock.release();
    }
  }
}

/**
 * The data directory holds everything and, in the product, the socket too: it is made private (0700)
 * when this process owns it, and refused when it cannot be.
 */
function makePrivate(dir: string): void {
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new Error(`data directory ${dir} is not a directory`);
  if ((st.mode & 0o077) === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== st.uid) {
    throw new Error(`data directory ${dir} is accessible by other users and not owned by this user; make it mode 0700`);
  }
  fs.chmodSync(dir, 0o700);
}

interface Recovered {
  checkpoint?: number;
  segments: number;
  frames: number;
  tornTail: boolean;
  lastValidSize: number;
}

function recover(dir: string, store: Store): Recovered {
  store.beginBulkLoad();
  const result = replayAll(dir, store);
  store.endBulkLoad();
  return result;
}

function replayAll(dir: string, store: Store): Recovered {
  for (const f of fs.readdirSync(dir)) if (/^checkpoint\.\d{10}\.tmp$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
  const checkpoints = listCheckpoints(dir);
  const checkpoint = checkpoints[checkpoints.length - 1];
  if (checkpoint !== undefined) {
    loadCheckpoint(dir, checkpoint, store);
    // Leftovers of a crash between writing a checkpoint and removing what it supersedes.
    for (const s of listSegments(dir)) if (s < checkpoint) fs.rmSync(path.join(dir, segmentName(s)), { force: true });
    for (const c of checkpoints) if (c < checkpoint) fs.rmSync(path.join(dir, checkpointName(c)), { force: true });
  }
  const segments = listSegments(dir).filter((s) => checkpoint === undefined || s >= checkpoint);
  let frames = 0;
  let tornTail = false;
  let lastValidSize = 0;
  segments.forEach((seq, i) => {
    const file = path.join(dir, segmentName(seq));
    const result = readSegment(file, (payload) => {
      for (const op of decodeOps(payload)) store.replay(op);
    });
    frames += result.frames;
    if (result.torn) {
      if (i !== segments.length - 1) {
        throw new Error(`journal segment ${file} is corrupt before its end and is not the last segment; refusing to start`);
      }
      tornTail = true;
    }
    lastValidSize = result.validSize;
  });
  return { checkpoint, segments: segments.length, frames, tornTail, lastValidSize };
}
