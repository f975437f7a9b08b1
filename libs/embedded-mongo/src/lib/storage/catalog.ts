import { ErrorCode, MongoServerError } from '../errors';
import { Collection, type CollectionInfo } from './collection';
import { CollectionIndex } from './collection-index';

const INVALID_DB_CHARS = /[/\\. "$\0]/;

export function validateDbName(db: unknown): string {
  if (typeof db !== 'string' || db.length === 0 || db.length > 63 || INVALID_DB_CHARS.test(db)) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid database name: '${String(db)}'`);
  }
  return db;
}

export function validateCollectionName(db: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || name.startsWith('.') || name.includes('$')) {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid collection name: '${db}.${String(name)}'`);
  }
  if (name.startsWith('system.') && name !== 'system.profile' && name !== 'system.js' && name !== 'system.views') {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid system namespace: ${db}.${name}`);
  }
  return name;
}

/** Splits `db.collection` (database names have no dots; collection names may). */
export function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  if (dot <= 0) throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid namespace: '${ns}'`);
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

/** All databases and their collections. */
export class Catalog {
  readonly databases = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  getNs(ns: string): Collection | undefined {
    const [db, name] = splitNamespace(ns);
    return this.get(db, name);
  }

  create(db: string, name: string, info?: CollectionInfo): Collection {
    let colls = this.databases.get(db);
    if (!colls) {
      colls = new Map();
      this.databases.set(db, colls);
    }
    const coll = new Collection(db, name, info);
    colls.set(name, coll);
    return coll;
  }

  drop(db: string, name: string): boolean {
    const colls = this.databases.get(db);
    const coll = colls?.get(name);
    if (!colls || !coll) return false;
    coll.clear();
    colls.delete(name);
    if (colls.size === 0) this.databases.delete(db);
    return true;
  }

  dropDatabase(db: string): void {
    const colls = this.databases.get(db);
    if (!colls) return;
    for (const c of colls.values()) c.clear();
    this.databases.delete(db);
  }

  rename(from: Collection, toDb: string, toName: string): void {
    const src = this.databases.get(from.db);
    src?.delete(from.name);
    if (src && src.size === 0) this.databases.delete(from.db);
    if (toDb !== from.db) {
      // Moving across databases keeps the documents but needs a new collection object.
      const target = this.create(toDb, toName, from.info);
      for (const [name, index] of from.indexes) if (name !== '_id_') target.addIndex(new CollectionIndex(index.spec));
      for (const r of from.records) target.insert(r.bson as Buffer);
      from.clear();
      return;
    }
    from.name = toName;
    let colls = this.databases.get(toDb);
    if (!colls) {
      colls = new Map();
      this.databases.set(toDb, colls);
    }
    colls.set(toName, from);
  }

  *collections(): Generator<Collection> {
    for (const colls of this.databases.values()) yield* colls.values();
  }
}
