import type { Socket } from 'node:net';
import { HEADER_SIZE, MAX_MESSAGE_SIZE_BYTES } from './opcodes';

/** Handles one complete message; resolves to the reply frame, or null when no reply is due. */
export type MessageHandler = (message: Buffer, connection: Connection) => Promise<Buffer | null>;

const MAX_QUEUED_MESSAGES = 16;
const MAX_PENDING_REPLY_BYTES = 32 * 1024 * 1024;

/**
 * One client connection: cuts the byte stream into length-prefixed messages and handles them one at a
 * time, in order. An impossible length closes the connection (there is no way to resynchronize).
 */
export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  closed = false;

  constructor(
    readonly socket: Socket,
    readonly id: number,
    private readonly handler: MessageHandler,
    private readonly onProtocolError: (reason: string) => void = () => undefined,
  ) {
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
      this.chunks = [];
      this.queue.length = 0;
    });
  }

  get remoteAddress(): string {
    const s = this.socket;
    return s.remoteAddress ? `${s.remoteAddress}:${s.remotePort}` : 'unix';
  }

  /** Resolves when no message of this connection is being handled. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const length = this.chunks[0].readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE_BYTES) {
        this.onProtocolError(`invalid message length ${length}`);
        this.close();
        return;
      }
      if (this.buffered < length) return;
      this.queue.push(this.take(length));
    }
    if (this.queue.length >= MAX_QUEUED_MESSAGES) this.socket.pause();
    void this.pump();
  }

  private take(length: number): Buffer {
    const first = this.chunks[0];
    let message: Buffer;
    if (first.length >= length) {
      message = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      message = Buffer.allocUnsafe(length);
      let copied = 0;
      while (copied < length) {
        const c = this.chunks[0];
        const n = Math.min(c.length, length - copied);
        c.copy(message, copied, 0, n);
        copied += n;
        if (n === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(n);
      }
    }
    this.buffered -= length;
    return message;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      while (this.queue.length && !this.closed) {
        const message = this.queue.shift() as Buffer;
        const reply = await this.handler(message, this);
        if (reply && !this.closed) this.socket.write(reply);
        // A client that sends but does not read must not make replies pile up in memory.
        if (this.socket.writableLength > MAX_PENDING_REPLY_BYTES && !this.closed) {
          await new Promise<void>((resolve) => {
            const done = () => {
              this.socket.off('drain', done);
              this.socket.off('close', done);
              resolve();
            };
            this.socket.on('drain', done);
            this.socket.on('close', done);
          });
        }
        if (this.queue.length < MAX_QUEUED_MESSAGES / 2 && this.socket.isPaused()) this.socket.resume();
      }
    } catch (err) {
      this.onProtocolError((err as Error).message);
      this.close();
    } finally {
      this.busy = false;
      this.markIdle();
    }
  }
}
