import type { Db, MongoClient } from 'mongodb';

/**
 * The database the server uses: the one holding its `messages` collection (the server's first start created it),
 * else the default database of the URI, which is also Mongoose's choice.
 */
export async function chatDb(client: MongoClient): Promise<Db> {
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (['admin', 'local', 'config'].includes(name)) continue;
      const found = await client.db(name).listCollections({ name: 'messages' }, { nameOnly: true }).toArray();
      if (found.length) return client.db(name);
    }
  } catch {
    // An engine without listDatabases: fall through to the URI's database.
  }
  return client.db();
}

/** The URI of an engine listening on a Unix socket. */
export function socketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}`;
}
