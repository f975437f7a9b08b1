import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { FRAME_HEADER, frameHeader, scanFrames } from './framing';

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
      if (scan.zeroTail) return { validSize: consumedFileEnd, torn: !zeroFrom(fd, consumedFileEnd, total), frames };
      if (scan.torn) return { validSize: consumedFileEnd, torn: true, frames };
      if (atEnd) return { validSize: consumedFileEnd, torn: consumedFileEnd < total, frames };
      carry = Buffer.from(data.subarray(scan.validEnd));
      filePos += got;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the file holds only zero bytes from `from` to `to` (preallocated, never written). */
function zeroFrom(fd: number, from: number, to: number): boolean {
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  for (let pos = from; pos < to; ) {
    const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, to - pos), pos);
    if (n === 0) break;
    for (let i = 0; i < n; i++) if (chunk[i] !== 0) return false;
    pos += n;
  }
  return true;
}

/** Journal space is reserved ahead in steps of this size, so synced writes never change the file size. */
const PREALLOCATE_BYTES = 8 * 1024 * 1024;

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

/** Data writes return only once durable (data and the file size needed to read it). */
const APPEND_FLAGS = fs.constants.O_WRONLY | fs.constants.O_DSYNC;

/**
 * The journal's I/O thread: it performs the synced writes so the event loop keeps parsing and executing
 * commands meanwhile, and so journal writes never queue behind other work in libuv's shared thread pool
 * (bcrypt hashing, file reads). Plain JavaScript, evaluated in a worker_threads Worker.
 */
const IO_THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const zeros = Buffer.alloc(1024 * 1024);
parentPort.on('message', (m) => {
  try {
    if (m.extend) {
      // Reserve space with plain writes and one data sync, so later O_DSYNC writes only flush data.
      for (let pos = m.extend.from; pos < m.extend.to; ) pos += fs.writeSync(m.extend.fd, zeros, 0, Math.min(zeros.length, m.extend.to - pos), pos);
      fs.fdatasyncSync(m.extend.fd);
    }
    let buffers = m.buffers;
    let written = 0;
    while (written < m.bytes) {
      const n = fs.writevSync(m.fd, buffers, m.position + written);
      written += n;
      if (written < m.bytes) {
        let skip = n;
        const rest = [];
        for (const b of buffers) {
          if (skip >= b.length) { skip -= b.length; continue; }
          rest.push(skip > 0 ? b.subarray(skip) : b);
          skip = 0;
        }
        buffers = rest;
      }
    }
    parentPort.postMessage({ ok: true });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) });
  }
});
`;

/**
 * The append side of the journal, with group commit: while one synced write is in flight on the I/O
 * thread, new appends queue up; when it completes, its appends are acknowledged together and everything
 * queued meanwhile goes out as the next single write. A failed write fails every pending and later
 * append: nothing is acknowledged that is not on disk.
 */
export class JournalWriter {
  private queue: (PendingWrite | PendingRotate)[] = [];
  private inFlight?: { batch: PendingWrite[]; bytes: number };
  private failed?: Error;
  private idleWaiters: (() => void)[] = [];
  private readonly io: Worker;
  /** Number of synced writes (groups), for tests and benchmarks. */
  syncs = 0;

  /** A plain (not O_DSYNC) descriptor of the segment, used to preallocate it. */
  private fillFd: number;
  /** Bytes reserved in the current segment file (its length). */
  private allocated: number;

  private constructor(
    readonly dir: string,
    private fd: number,
    public seq: number,
    /** Bytes of data in the current segment. */
    public size: number,
  ) {
    this.fillFd = fs.openSync(path.join(dir, segmentName(seq)), 'r+');
    this.allocated = fs.fstatSync(this.fillFd).size;
    this.io = new Worker(IO_THREAD_SOURCE, { eval: true });
    this.io.unref();
    this.io.on('message', (m: { ok: boolean; message?: string }) => this.written(m));
    this.io.on('error', (err) => this.written({ ok: false, message: err.message }));
  }

  /** Opens segment `seq` for appending after `validSize` bytes (0: a new segment). */
  static async open(dir: string, seq: number, validSize: number): Promise<JournalWriter> {
    const file = path.join(dir, segmentName(seq));
    if (validSize >= JOURNAL_MAGIC.length) {
      const fd = await openP(file, 'r+');
      fs.ftruncateSync(fd, validSize);
      await fsyncP(fd);
      await closeP(fd);
    } else {
      createSegment(dir, file);
      validSize = JOURNAL_MAGIC.length;
    }
    return new JournalWriter(dir, fs.openSync(file, APPEND_FLAGS), seq, validSize);
  }

  append(payload: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'data', payload, resolve, reject });
      this.pump();
    });
  }

  /** Starts segment `seq` for every append made after this call; resolves once it is open. */
  rotate(seq: number): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ kind: 'rotate', seq, done });
      this.pump();
    });
  }

  /** Resolves when everything appended so far is durable (or failed). */
  drain(): Promise<void> {
    if (!this.queue.length && !this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    await this.io.terminate();
    if (this.fd >= 0) {
      // Give back the unused reservation; the data is already durable.
      fs.ftruncateSync(this.fillFd, this.size);
      fs.fsyncSync(this.fillFd);
      await closeP(this.fd);
      await closeP(this.fillFd);
      this.fd = -1;
    }
  }

  /** Sends the next write if none is in flight; handles rotations between writes. */
  private pump(): void {
    while (!this.inFlight && this.queue.length) {
      const head = this.queue[0];
      if (head.kind === 'rotate') {
        this.queue.shift();
        try {
          this.switchTo(head.seq);
        } catch (err) {
          this.fail(err as Error);
        }
        head.done();
        continue;
      }
      const batch: PendingWrite[] = [];
      while (this.queue.length && this.queue[0].kind === 'data') batch.push(this.queue.shift() as PendingWrite);
      if (this.failed) {
        for (const p of batch) p.reject(this.failed);
        continue;
      }
      const buffers: Buffer[] = [];
      let bytes = 0;
      for (const p of batch) {
        buffers.push(frameHeader(p.payload), p.payload);
        bytes += FRAME_HEADER + p.payload.length;
      }
      this.inFlight = { batch, bytes };
      let extend: { fd: number; from: number; to: number } | undefined;
      if (this.size + bytes > this.allocated) {
        const to = this.size + bytes + PREALLOCATE_BYTES;
        extend = { fd: this.fillFd, from: this.allocated, to };
        this.allocated = to;
      }
      this.io.ref();
      this.io.postMessage({ fd: this.fd, position: this.size, bytes, buffers, extend });
    }
    if (!this.inFlight && !this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
  }

  private written(m: { ok: boolean; message?: string }): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.inFlight = undefined;
    this.io.unref();
    if (m.ok) {
      this.syncs++;
      this.size += flight.bytes;
      for (const p of flight.batch) p.resolve();
    } else {
      const failure = this.fail(new Error(m.message));
      for (const p of flight.batch) p.reject(failure);
    }
    this.pump();
  }

  private switchTo(seq: number): void {
    if (this.failed) return;
    const file = path.join(this.dir, segmentName(seq));
    createSegment(this.dir, file);
    const fd = fs.openSync(file, APPEND_FLAGS);
    // The finished segment keeps exactly its data, so recovery reads it to its end.
    fs.ftruncateSync(this.fillFd, this.size);
    fs.fsyncSync(this.fillFd);
    fs.closeSync(this.fd);
    fs.closeSync(this.fillFd);
    this.fd = fd;
    this.fillFd = fs.openSync(file, 'r+');
    this.allocated = JOURNAL_MAGIC.length;
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

/** Creates a segment holding just its header, durably (file and directory entry). */
function createSegment(dir: string, file: string): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, JOURNAL_MAGIC);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(dir);
}
