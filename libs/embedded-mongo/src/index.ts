export { start } from './lib/engine';
export type { EngineOptions, RunningEngine } from './lib/engine';
export { serveEngineWorker, startInWorker } from './lib/worker';
