import { serveEngineWorker } from '@chat/embedded-mongo';

// The embedded database's thread (see DatabaseServer): built next to main.js as engine-worker.js.
serveEngineWorker();
