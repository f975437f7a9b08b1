import * as engine from '@chat/embedded-mongo';
import { MongoClient } from 'mongodb';
import { join } from 'node:path';
import { chatDb, socketUri } from './chat-db';
import { seed, SeedSpec } from './seed';

interface EngineApi {
  start(options: {
    port?: number;
    socketPath?: string;
    dbPath?: string;
  }): Promise<{ uri: string; stop(): Promise<void> }>;
}

/**
 * The seeder: a process of its own, forked by the runner. It opens the data directory with the embedded engine
 * (the server is not running), writes the data set of a spec, stops the engine cleanly and reports back.
 */
async function main(spec: SeedSpec): Promise<unknown> {
  const api = engine as unknown as Partial<EngineApi>;
  if (typeof api.start !== 'function')
    throw new Error('@chat/embedded-mongo has no start(): the engine is not merged yet');
  const db = await api.start({ socketPath: join(spec.dbPath, 'seed.sock'), dbPath: spec.dbPath });
  const client = new MongoClient(
    db.uri.startsWith('mongodb://') ? db.uri : socketUri(join(spec.dbPath, 'seed.sock')),
  );
  try {
    await client.connect();
    const t0 = performance.now();
    const result = await seed(await chatDb(client), spec);
    return { ...result, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await client.close();
    await db.stop();
  }
}

process.once('message', (spec: SeedSpec) => {
  main(spec)
    .then((result) => process.send?.({ type: 'result', result }))
    .catch((error: unknown) =>
      process.send?.({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    )
    .finally(() => setTimeout(() => process.exit(0), 50));
});
