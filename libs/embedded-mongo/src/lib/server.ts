import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { dispatch } from './commands/dispatch';
import type { ServerState } from './commands/context';
import type { CursorManager } from './cursors';
import { toServerError } from './errors';
import type { Store } from './storage/store';
import { Connection } from './wire/connection';
import { BadRequestError, ProtocolError, encodeOpMsg, encodeOpReply, parseRequest, readHeader } from './wire/message';
import { OpCode } from './wire/opcodes';
import { ErrorCode, MongoServerError } from './errors';

export interface ListenTarget {
  port?: number;
  host?: string;
  socketPath?: string;
}

/** Accepts connections on TCP (127.0.0.1 only) and/or a Unix socket, and serves the wire protocol. */
export class WireServer {
  private readonly servers: net.Server[] = [];
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  port?: number;

  constructor(
    private readonly store: Store,
    private readonly cursors: CursorManager,
    private readonly state: ServerState,
  ) {}

  async listen(target: ListenTarget): Promise<void> {
    if (target.socketPath) await this.listenUnix(target.socketPath);
    if (target.port !== undefined) {
      const server = this.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: target.port, host: target.host ?? '127.0.0.1', exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.port = (server.address() as net.AddressInfo).port;
      this.servers.push(server);
    }
  }

  private async listenUnix(socketPath: string): Promise<void> {
    const dir = path.dirname(socketPath);
    prepareSocketDir(dir);
    await removeStaleSocket(socketPath);
    const server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: socketPath, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    fs.chmodSync(socketPath, 0o600);
    this.servers.push(server);
  }

  private createServer(): net.Server {
    const server = net.createServer((socket) => this.accept(socket));
    server.on('error', () => undefined);
    return server;
  }

  private accept(socket: net.Socket): void {
    const conn = new Connection(socket, this.nextConnectionId++, (msg, c) => this.handle(msg, c));
    this.connections.add(conn);
    this.state.connections.current++;
    this.state.connections.totalCreated++;
    socket.once('close', () => {
      this.connections.delete(conn);
      this.state.connections.current--;
    });
  }

  private async handle(message: Buffer, conn: Connection): Promise<Buffer | null> {
    const header = readHeader(message);
    let request;
    try {
      request = parseRequest(message);
    } catch (err) {
      if (err instanceof ProtocolError) throw err;
      const reply = new MongoServerError(
        err instanceof BadRequestError ? ErrorCode.InvalidBSON : ErrorCode.BadValue,
        (err as Error).message,
      ).toReply();
      return header.opCode === OpCode.OP_QUERY ? encodeOpReply(header.requestId, reply) : encodeOpMsg(header.requestId, reply);
    }
    let reply;
    try {
      reply = await dispatch(
        { command: request.command, legacy: request.legacy, fullCollectionName: request.fullCollectionName },
        { store: this.store, cursors: this.cursors, server: this.state, connectionId: conn.id, remoteAddress: conn.remoteAddress },
      );
    } catch (err) {
      reply = toServerError(err).toReply();
    }
    if (request.moreToCome) return null;
    return request.legacy ? encodeOpReply(header.requestId, reply) : encodeOpMsg(header.requestId, reply);
  }

  /** Stops accepting, closes client connections and waits for commands in flight. */
  async close(): Promise<void> {
    const closing = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const busy = [...this.connections].map((c) => c.whenIdle());
    for (const c of this.connections) c.close();
    await Promise.all([...closing, ...busy]);
    this.servers.length = 0;
  }
}

/** The socket's directory must be private: created 0700 when missing, refused when others can enter it. */
export function prepareSocketDir(dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return;
  }
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new Error(`socket directory ${dir} is not a directory`);
  if ((st.mode & 0o077) !== 0) {
    throw new Error(
      `socket directory ${dir} is accessible by other users (mode ${(st.mode & 0o777).toString(8)}); ` +
        'the engine has no user accounts, so its socket must live in a directory with mode 0700',
    );
  }
}

/** Removes a socket file left by a crashed engine; refuses when something still listens on it. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  if (!fs.existsSync(socketPath)) return;
  const st = fs.lstatSync(socketPath);
  if (!st.isSocket()) throw new Error(`${socketPath} exists and is not a socket`);
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect({ path: socketPath });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`another server is already listening on ${socketPath}`);
  fs.unlinkSync(socketPath);
}
