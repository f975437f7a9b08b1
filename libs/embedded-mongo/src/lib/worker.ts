import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type EngineOptions, type RunningEngine, start } from './engine';

type FromWorker = { kind: 'ready'; uri: string } | { kind: 'failed'; message: string } | { kind: 'stopped'; error?: string };
type ToWorker = { kind: 'stop' };

/**
 * Starts the engine on a thread of its own, so that a server embedding it keeps its event loop for its clients and
 * the engine's work runs on another core. `script` is a file whose only job is to call `serveEngineWorker()`
 * (bundlers emit it as an entry of its own). Resolves once the engine accepts connections; rejects with the
 * engine's own error (a locked data directory, a bad option) when it cannot start.
 */
export function startInWorker(options: EngineOptions, script: string): Promise<RunningEngine> {
  const worker = new Worker(script, { workerData: options });
  return new Promise<RunningEngine>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the database thread exited with code ${code} while starting`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: FromWorker) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.kind === 'ready') resolve(workerEngine(worker, message.uri));
      else {
        reject(new Error(message.kind === 'failed' ? message.message : 'the database thread stopped while starting'));
        void worker.terminate();
      }
    });
  });
}

function workerEngine(worker: Worker, uri: string): RunningEngine {
  let stopping: Promise<void> | undefined;
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.kind !== 'stopped') return;
        // The engine has flushed and released its directory: nothing is lost by ending the thread now.
        void worker.terminate().then(() => (message.error ? reject(new Error(message.error)) : resolve()));
      });
      worker.once('error', reject);
      worker.postMessage({ kind: 'stop' } satisfies ToWorker);
    });
  return { uri, stop: () => (stopping ??= stop()) };
}

/** The worker's side: starts the engine with the options it was given and stops it when asked. */
export function serveEngineWorker(): void {
  if (isMainThread || !parentPort) throw new Error('serveEngineWorker() runs in a worker thread started by startInWorker()');
  const port = parentPort;
  const post = (message: FromWorker) => port.postMessage(message);
  start(workerData as EngineOptions).then(
    (engine) => {
      post({ kind: 'ready', uri: engine.uri });
      port.on('message', (message: ToWorker) => {
        if (message.kind !== 'stop') return;
        engine.stop().then(
          () => {
            post({ kind: 'stopped' });
            port.close();
          },
          (error: unknown) => {
            post({ kind: 'stopped', error: error instanceof Error ? error.message : String(error) });
            port.close();
          },
        );
      });
    },
    (error: unknown) => {
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      port.close();
    },
  );
}
