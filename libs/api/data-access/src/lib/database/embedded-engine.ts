import * as engine from '@chat/embedded-mongo';

export interface EmbeddedEngineOptions {
  port?: number;
  host?: string;
  socketPath?: string;
  dbPath?: string;
}

export interface EmbeddedEngineHandle {
  uri: string;
  stop(): Promise<void>;
}

type Start = (options: EmbeddedEngineOptions) => Promise<EmbeddedEngineHandle>;

/** Starts the embedded MongoDB-compatible engine (`@chat/embedded-mongo`) in this process. */
export function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedEngineHandle> {
  const start = (engine as unknown as { start?: Start }).start;
  if (typeof start !== 'function') {
    return Promise.reject(new Error('the embedded database engine is not available in this build; set MONGODB_URI'));
  }
  return start(options);
}
