import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunningEngine, start } from '@chat/embedded-mongo';
import type { DbConfig } from '@chat/api/util';

/** Unix socket paths longer than this do not fit `sockaddr_un` on Linux and macOS. */
const MAX_SOCKET_PATH = 103;

/**
 * Where Mongoose connects: `MONGODB_URI` when set; otherwise the embedded engine, started in this process on
 * `DATA_DIR/db` and reachable only over its Unix socket (no TCP port is opened).
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
      throw new Error(`the embedded database socket ${socketPath} is too long for a Unix socket; use a shorter DATA_DIR`);
    }
    mkdirSync(config.embeddedDir, { recursive: true, mode: 0o700 });
    const engine = await DatabaseServer.startEngine(socketPath, config.embeddedDir);
    DatabaseServer.logger.log(`embedded database listening on ${socketPath}`);
    return new DatabaseServer(engine.uri, engine);
  }

  /**
   * Starts the engine on the data directory. An engine build without durable storage yet is started in memory,
   * with a warning: everything is lost when the server stops.
   */
  private static async startEngine(socketPath: string, dbPath: string): Promise<RunningEngine> {
    try {
      return await start({ socketPath, dbPath });
    } catch (error) {
      if (!(error instanceof Error) || !/durable mode/i.test(error.message)) throw error;
      DatabaseServer.logger.warn(
        'this build of the embedded engine cannot store data on disk yet: running in memory, data are lost on exit ' +
          '(set MONGODB_URI to use a MongoDB server)',
      );
      return start({ socketPath });
    }
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
