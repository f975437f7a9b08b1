import { type Document, deserialize, serialize } from 'bson';
import * as net from 'node:net';

/**
 * A minimal OP_MSG client for load generation: one request in flight per connection, replies parsed
 * only as far as needed. The official driver spends ~100 µs of CPU per operation, so on a 2-core
 * machine it cannot generate enough load to measure the server; this client spends a few µs.
 */
export class WireClient {
  private buffered: Buffer[] = [];
  private size = 0;
  private waiting?: { resolve: (doc: Buffer) => void; reject: (err: Error) => void };
  private nextId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.waiting?.reject(err));
    socket.on('close', () => this.waiting?.reject(new Error('connection closed')));
  }

  static connect(target: { path?: string; port?: number }): Promise<WireClient> {
    const socket = target.path ? net.connect({ path: target.path }) : net.connect({ host: '127.0.0.1', port: target.port ?? 27017 });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.size += chunk.length;
    if (this.size < 4) return;
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
    const length = all.readInt32LE(0);
    if (all.length < length) {
      this.buffered = [all];
      return;
    }
    this.buffered = all.length > length ? [all.subarray(length)] : [];
    this.size = all.length - length;
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve(all.subarray(21, length));
  }

  /** Sends a prepared OP_MSG frame (see `frameCommand`) and resolves with the raw reply body. */
  sendRaw(frame: Buffer): Promise<Buffer> {
    frame.writeInt32LE(this.nextId++, 4);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(frame);
    });
  }

  async command(cmd: Document): Promise<Document> {
    return deserialize(await this.sendRaw(frameCommand(cmd)));
  }

  close(): void {
    this.socket.destroy();
  }
}

export function frameCommand(cmd: Document): Buffer {
  const body = serialize(cmd);
  const frame = Buffer.alloc(21 + body.length);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(2013, 12);
  body.copy(frame, 21);
  return frame;
}

/** Reads `ok` and `n` from a write reply without a full parse (the reply is { n: int32, ok: double }). */
export function writeAcked(reply: Buffer): boolean {
  const doc = deserialize(reply);
  return doc['ok'] === 1 && doc['n'] === 1 && doc['writeErrors'] === undefined;
}
