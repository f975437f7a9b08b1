import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FRAME_HEADER, frameHeader, scanFrames } from './framing';

const writev = (fd: number, buffers: Buffer[], position: number) =>
  new Promise<number>((resolve, reject) => fs.writev(fd, buffers, position, (err, n) => (err ? reject(err) : resolve(n))));
const fdatasync = promisify(fs.fdatasync);
const fsyncP = promisify(fs.fsync);
const closeP = promisify(fs.close);
const openP = promisify(fs.open);

export const JOURNAL_MAGIC = Buffer.from('EMJRNL01', 'latin1');
const READ_CHUNK = 64 * 1024 * 1024;

export function segmentName(seq: number): string {
  return `journal.${String(seq).padStart(10, '0')}.wal`;
}

export function listSegments(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^journal\.(\d{10})\.wal$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Makes a directory entry (a new or renamed file) durable. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface SegmentReadResult {
  /** Bytes of valid data, header included. */
  validSize: number;
  torn: boolean;
  frames: number;
}

/** Reads a journal segment; see readFramedFile. */
export function readSegment(file: string, onFrame: (payload: Buffer) => void): SegmentReadResult {
  return readFramedFile(file, JOURNAL_MAGIC, onFrame);
}

/**
 * Reads a file of frames after an 8-byte magic, in chunks (so large files need not fit in one buffer),
 * calling `onFrame` for each valid payload. Reading stops at the first torn or corrupt frame.
 */
export function readFramedFile(file: string, expectedMagic: Buffer, onFrame: (payload: Buffer) => void): SegmentReadResult {
  const fd = fs.openSync(file, 'r');
  try {
    const total = fs.fstatSync(fd).size;
    if (total < expectedMagic.length) return { validSize: 0, torn: total > 0, frames: 0 };
    const magic = Buffer.alloc(expectedMagic.length);
    fs.readSync(fd, magic, 0, magic.length, 0);
    if (!magic.equals(expectedMagic)) throw new Error(`${file} is not a file of this engine (bad header)`);
    let filePos = expectedMagic.length;
    let carry = Buffer.alloc(0);
    let frames = 0;
    for (;;) {
      const want = Math.min(READ_CHUNK, total - filePos);
      const chunk = Buffer.allocUnsafe(carry.length + want);
      carry.copy(chunk, 0);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(fd, chunk, carry.length + got, want - got, filePos + got);
        if (n === 0) break;
        got += n;
      }
      const data = chunk.subarray(0, carry.length + got);
      const atEnd = filePos + got >= total;
      const scan = scanFrames(data, 0, !atEnd);
      for (const f of scan.frames) onFrame(f);
      frames += scan.frames.length;
      const consumedFileEnd = filePos - carry.length + scan.validEnd;
      if (scan.torn) return { validSize: consumedFileEnd, torn: true, frames };
      if (atEnd) return { validSize: consumedFileEnd, torn: consumedFileEnd < total, frames };
      carry = Buffer.from(data.subarray(scan.validEnd));
      filePos += got;
    }
  } finally {
    fs.closeSync(fd);
  }
}

interface PendingWrite {
  kind: 'data';
  payload: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface PendingRotate {
  kind: 'rotate';
  seq: number;
  done: () => void;
}

/**
 * The append side of the journal. Appends are queued; one flusher writes everything queued with a
 * single writev and fdatasync, then resolves those appends together (group commit). A write or sync
 * failure fails every pending and later append: nothing is acknowledged that is not on disk.
 */
export class JournalWriter {
  private queue: (PendingWrite | PendingRotate)[] = [];
  private flushing?: Promise<void>;
  private failed?: Error;
  /** Number of fdatasync calls, for tests and benchmarks. */
  syncs = 0;

  private constructor(
    readonly dir: string,
    private fd: number,
    public seq: number,
    /** Bytes in the current segment. */
    public size: number,
  ) {}

  /** Opens segment `seq` for appending after `validSize` bytes (0: a new segment). */
  static async open(dir: string, seq: number, validSize: number): Promise<JournalWriter> {
    const file = path.join(dir, segmentName(seq));
    let fd: number;
    if (validSize >= JOURNAL_MAGIC.length) {
      fd = await openP(file, 'r+');
      fs.ftruncateSync(fd, validSize);
      await fsyncP(fd);
    } else {
      fd = await openP(file, 'w');
      fs.writeSync(fd, JOURNAL_MAGIC);
      await fsyncP(fd);
      fsyncDir(dir);
      validSize = JOURNAL_MAGIC.length;
    }
    return new JournalWriter(dir, fd, seq, validSize);
  }

  append(payload: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'data', payload, resolve, reject });
      this.kick();
    });
  }

  /** Starts segment `seq` for every append made after this call; resolves once it is open. */
  rotate(seq: number): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ kind: 'rotate', seq, done });
      this.kick();
    });
  }

  /** Resolves when everything appended so far is durable (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.fd >= 0) {
      await closeP(this.fd);
      this.fd = -1;
    }
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const batch: PendingWrite[] = [];
      while (this.queue.length && this.queue[0].kind === 'data') batch.push(this.queue.shift() as PendingWrite);
      if (batch.length) await this.writeBatch(batch);
      const next = this.queue[0];
      if (next?.kind === 'rotate') {
        this.queue.shift();
        await this.switchTo(next.seq).catch((err: Error) => this.fail(err));
        next.done();
      }
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    if (this.failed) {
      for (const p of batch) p.reject(this.failed);
      return;
    }
    const buffers: Buffer[] = [];
    let bytes = 0;
    for (const p of batch) {
      buffers.push(frameHeader(p.payload), p.payload);
      bytes += FRAME_HEADER + p.payload.length;
    }
    try {
      let written = 0;
      let pos = this.size;
      let pending = buffers;
      while (written < bytes) {
        const n = await writev(this.fd, pending, pos);
        written += n;
        pos += n;
        if (written < bytes) pending = skipBytes(pending, n);
      }
      await fdatasync(this.fd);
      this.syncs++;
      this.size += bytes;
    } catch (err) {
      const failure = this.fail(err as Error);
      for (const p of batch) p.reject(failure);
      return;
    }
    for (const p of batch) p.resolve();
  }

  private async switchTo(seq: number): Promise<void> {
    if (this.failed) return;
    const file = path.join(this.dir, segmentName(seq));
    const fd = await openP(file, 'w');
    fs.writeSync(fd, JOURNAL_MAGIC);
    await fsyncP(fd);
    fsyncDir(this.dir);
    await closeP(this.fd);
    this.fd = fd;
    this.seq = seq;
    this.size = JOURNAL_MAGIC.length;
  }

  private fail(err: Error): Error {
    const failure = (this.failed ??= new Error(`journal write failed, refusing further writes: ${err.message}`));
    for (const p of this.queue.splice(0)) {
      if (p.kind === 'data') p.reject(failure);
      else p.done();
    }
    return failure;
  }
}

function skipBytes(buffers: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = n;
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
