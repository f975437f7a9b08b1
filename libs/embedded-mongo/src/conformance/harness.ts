import { randomBytes } from 'node:crypto';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';
import { start } from '../index';

/**
 * Where the conformance suite runs: a real MongoDB when MONGODB_TEST_URI is set, otherwise a fresh
 * in-memory engine. The suite only talks to the URI through the official driver (or Mongoose), so the
 * same assertions check both.
 */
export interface Target {
  uri: string;
  /** True when running against the embedded engine (for the few engine-only checks). */
  embedded: boolean;
  client: MongoClient;
  /** A database with a unique name, dropped by `close()`. */
  db: Db;
  dbName: string;
  close(): Promise<void>;
}

export const REAL_URI = process.env['MONGODB_TEST_URI'];

export function uniqueDbName(prefix = 'conf'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function openTarget(options: MongoClientOptions = {}): Promise<Target> {
  const engine = REAL_URI ? undefined : await start({ port: 0 });
  const uri = REAL_URI ?? (engine as { uri: string }).uri;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ...options });
  await client.connect();
  const dbName = uniqueDbName();
  const db = client.db(dbName);
  return {
    uri,
    embedded: !REAL_URI,
    client,
    db,
    dbName,
    async close() {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
        await engine?.stop();
      }
    },
  };
}
