import * as os from 'node:os';
import * as path from 'node:path';
import type { ServerState } from './commands/context';
import { CursorManager } from './cursors';
import { WireServer } from './server';
import { DurableStorage } from './storage/durable-storage';
import { Store } from './storage/store';
import { TtlMonitor } from './storage/ttl-monitor';

/** Options of the public `start()`. */
export interface EngineOptions {
  /** TCP port on 127.0.0.1 (0 picks a free one). */
  port?: number;
  /** Only 127.0.0.1 (the default) is accepted: the engine has no user accounts. */
  host?: string;
  /** Unix domain socket path; its directory is created with mode 0700 when missing. */
  socketPath?: string;
  /** Data directory for the journal, checkpoints and lock file. Omitted: memory only. */
  dbPath?: string;
}

export interface RunningEngine {
  /** A `mongodb://` URI the official driver and Mongoose accept. */
  uri: string;
  /** Closes listeners and connections, flushes, releases the data directory, leaves no timers. */
  stop(): Promise<void>;
}

/** Knobs for tests and benchmarks; not part of the public API. */
export interface InternalOptions {
  /** TTL monitor period in seconds (mongod's ttlMonitorSleepSecs, default 60). */
  ttlMonitorSleepSecs?: number;
  /** Journal bytes that trigger a checkpoint (default 64 MiB). */
  checkpointBytes?: number;
}

const CHECKPOINT_ON_STOP_BYTES = 8 * 1024 * 1024;
const ALLOWED_HOSTS = new Set(['127.0.0.1']);

function validate(options: EngineOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError('start() needs an options object');
  const { port, host, socketPath } = options;
  if (host !== undefined && !ALLOWED_HOSTS.has(host)) {
    throw new Error(`refusing to listen on ${host}: the embedded engine has no authentication and only listens on 127.0.0.1`);
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`invalid port ${String(port)}`);
  }
  if (options.dbPath !== undefined && (typeof options.dbPath !== 'string' || options.dbPath.length === 0)) {
    throw new Error('dbPath must be a non-empty string');
  }
  if (port === undefined && socketPath === undefined) throw new Error('start() needs a port (0 for any free port) or a socketPath');
  if (socketPath !== undefined && (typeof socketPath !== 'string' || !socketPath.endsWith('.sock'))) {
    throw new Error('socketPath must be a path ending in .sock (MongoDB URIs only recognise sockets named so)');
  }
}

/** The engine: storage, cursors and the wire server, started and stopped together. */
export class Engine implements RunningEngine {
  readonly store = new Store();
  readonly cursors = new CursorManager();
  readonly state: ServerState;
  private readonly server: WireServer;
  private readonly ttl: TtlMonitor;
  private stopping?: Promise<void>;
  /** The data directory's journal and checkpoints, when durable. */
  durable?: DurableStorage;
  uri = '';

  private constructor(private readonly options: EngineOptions & InternalOptions) {
    this.state = {
      startedAt: Date.now(),
      host: os.hostname(),
      connections: { current: 0, totalCreated: 0 },
      opcounters: { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 },
      parameters: { ttlMonitorSleepSecs: options.ttlMonitorSleepSecs ?? 60 },
      dbPath: options.dbPath ? path.resolve(options.dbPath) : undefined,
    };
    this.server = new WireServer(this.store, this.cursors, this.state);
    this.ttl = new TtlMonitor(this.store, this.cursors, this.state);
    this.state.onParametersChanged = () => this.ttl.reschedule();
  }

  static async start(options: EngineOptions & InternalOptions): Promise<Engine> {
    validate(options);
    const engine = new Engine(options);
    try {
      if (options.dbPath) {
        engine.durable = await DurableStorage.open(path.resolve(options.dbPath), engine.store, { checkpointBytes: options.checkpointBytes });
        engine.store.setDurability(engine.durable);
      }
      await engine.server.listen({ port: options.port, host: options.host, socketPath: options.socketPath });
    } catch (err) {
      await engine.stop();
      throw err;
    }
    engine.uri = options.socketPath
      ? `mongodb://${encodeURIComponent(path.resolve(options.socketPath))}`
      : `mongodb://127.0.0.1:${engine.server.port}`;
    engine.ttl.start();
    return engine;
  }

  /** The TCP port, when listening on TCP. */
  get port(): number | undefined {
    return this.server.port;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ttl.stop();
      await this.server.close();
      this.cursors.clear();
      if (this.durable) {
        // A large journal is folded into a checkpoint so the next start is quick.
        if (this.durable.journalBytes > Math.min(CHECKPOINT_ON_STOP_BYTES, this.options.checkpointBytes ?? Infinity)) {
          await this.durable.checkpoint(this.store);
        }
        await this.durable.close();
      }
    })();
    return this.stopping;
  }
}

/** Starts an engine. See EngineOptions. */
export async function start(options: EngineOptions): Promise<RunningEngine> {
  const engine = await Engine.start(options);
  return { uri: engine.uri, stop: () => engine.stop() };
}
