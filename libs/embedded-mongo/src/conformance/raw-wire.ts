import { deserialize, type Document, serialize } from 'bson';
import * as net from 'node:net';

/** Opens a plain socket to the server a mongodb:// URI names (TCP host:port or a Unix socket). */
export function rawConnect(uri: string): Promise<net.Socket> {
  const hostPart = uri.replace(/^mongodb:\/\//, '').replace(/^[^@/]*@/, '').split(/[/?]/)[0].split(',')[0];
  const decoded = decodeURIComponent(hostPart);
  const socket = decoded.includes('/') ? net.connect({ path: decoded }) : net.connect({ host: decoded.replace(/:\d+$/, ''), port: Number(/:(\d+)$/.exec(decoded)?.[1] ?? 27017) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

export function frame(opCode: number, body: Buffer, requestId = 1): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

export function opMsg(command: Document, requestId = 1): Buffer {
  return frame(2013, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), serialize(command)]), requestId);
}

export type Outcome = { kind: 'reply'; doc: Document } | { kind: 'closed' } | { kind: 'timeout' };

/** Sends bytes and reports whether the server replied (and with what) or closed the connection. */
export function exchange(socket: net.Socket, bytes: Buffer, timeoutMs = 3000): Promise<Outcome> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const done = (o: Outcome) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(o);
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const opCode = buf.readInt32LE(12);
        const start = opCode === 1 ? 36 : 21;
        done({ kind: 'reply', doc: deserialize(buf.subarray(start, buf.readInt32LE(0))) });
      }
    };
    const onClose = () => done({ kind: 'closed' });
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', () => undefined);
    if (bytes.length) socket.write(bytes);
  });
}
