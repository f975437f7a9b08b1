import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunningEngine, start, startInWorker } from '@chat/embedded-mongo';
import type { DbConfig } from '@chat/api/util';

/** Unix socket paths longer than this do not fit `sockaddr_un` on Linux and macOS. */
const MAX_SOCKET_PATH = 103;

/**
 * The embedded engine's thread entry, built beside the server's bundle (`dist/apps/api/engine-worker.js`). When the
 * server runs from sources (tests) there is none and the engine shares the server's thread.
 */
const ENGINE_WORKER = join(__dirname, 'engine-worker.js');

/**
 * Where Mongoose connects: `MONGODB_URI` when set; otherwise the embedded engine, started in this process on
 * `DATA_DIR/db` and reachable only over its Unix socket (no TCP port is opened). The built server runs the engine on
 * a thread of its own, so that its work (queries, BSON, journal) uses another core than the sockets and the API.
 */
export class DatabaseServer {
  private static readonly logger = new Logger(DatabaseServer.name);

  private constructor(
    readonly uri: string,
    private readonly engine?: RunningEngine,
  ) {}

  static async start(config: DbConfig): Promise<DatabaseServer> {
    if (config.uri) return new DatabaseServer(config.uri);
    const socketPath = join(config.embeddedDir, 'mongod.sock');
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
      throw new Error(
        `the embedded database socket ${socketPath} is too long for a Unix socket; use a shorter DATA_DIR`,
      );
    }
    mkdirSync(config.embeddedDir, { recursive: true, mode: 0o700 });
    const options = { socketPath, dbPath: config.embeddedDir };
    const threaded = existsSync(ENGINE_WORKER);
    const engine = threaded ? await startInWorker(options, ENGINE_WORKER) : await start(options);
    DatabaseServer.logger.log(
      `embedded database listening on ${socketPath}${threaded ? ' (on its own thread)' : ''}`,
    );
    return new DatabaseServer(engine.uri, engine);
  }

  get embedded(): boolean {
    return this.engine !== undefined;
  }

  /** Stops the embedded engine, if this process started one. */
  async stop(): Promise<void> {
    if (!this.engine) return;
    try {
      await this.engine.stop();
    } catch (error) {
      DatabaseServer.logger.error(error);
    }
  }
}
