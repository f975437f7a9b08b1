import { Binary, type Document, UUID } from 'bson';
import { toBytes, toExact } from '../bson/forms';
import { ErrorCode, MongoServerError } from '../errors';
import { Catalog, splitNamespace } from './catalog';
import { type Collection, idKeyOf } from './collection';
import { CollectionIndex } from './collection-index';
import type { JournalOp } from './journal-ops';
import { DocForms, type DocRecord } from './record';

/** Receives the ops of each write, and resolves once they are durable. */
export interface Durability {
  /** Must enqueue synchronously, so that memory and journal order stay the same. */
  commit(ops: JournalOp[], store: Store): Promise<void>;
}

/** The ops one command produced, committed together before the command is acknowledged. */
export type WriteBatch = JournalOp[];

/**
 * All data plus the mutations that keep the journal in step: each mutating method changes memory
 * synchronously and appends the matching op to the caller's batch (none when replaying).
 */
export class Store {
  readonly catalog = new Catalog();

  private bulkLoading = false;

  constructor(private durability?: Durability) {}

  /** Recovery mode: collections defer their secondary indexes until `endBulkLoad()`. */
  beginBulkLoad(): void {
    this.bulkLoading = true;
    for (const c of this.catalog.collections()) c.beginBulkLoad();
  }

  endBulkLoad(): void {
    this.bulkLoading = false;
    for (const c of this.catalog.collections()) c.endBulkLoad();
  }

  setDurability(d: Durability | undefined): void {
    this.durability = d;
  }

  get durable(): boolean {
    return this.durability !== undefined;
  }

  commit(batch: WriteBatch): Promise<void> {
    if (batch.length && this.durability) return this.durability.commit(batch, this);
    return Promise.resolve();
  }

  collection(db: string, name: string): Collection | undefined {
    return this.catalog.get(db, name);
  }

  createCollection(db: string, name: string, options: Document, batch?: WriteBatch, uuid?: Binary): Collection {
    if (this.catalog.get(db, name)) {
      throw new MongoServerError(ErrorCode.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    const info = { uuid: uuid ?? (new UUID() as Binary), options };
    const coll = this.catalog.create(db, name, info);
    if (this.bulkLoading) coll.beginBulkLoad();
    batch?.push({ op: 'createCollection', ns: coll.ns, meta: { uuid: info.uuid, options } });
    return coll;
  }

  /** The collection, created implicitly (as inserts and upserts do) when missing. */
  ensureCollection(db: string, name: string, batch?: WriteBatch): Collection {
    return this.catalog.get(db, name) ?? this.createCollection(db, name, {}, batch);
  }

  dropCollection(coll: Collection, batch?: WriteBatch): void {
    this.catalog.drop(coll.db, coll.name);
    batch?.push({ op: 'dropCollection', ns: coll.ns });
  }

  dropDatabase(db: string, batch?: WriteBatch): void {
    this.catalog.dropDatabase(db);
    batch?.push({ op: 'dropDatabase', db });
  }

  renameCollection(coll: Collection, toDb: string, toName: string, batch?: WriteBatch): void {
    const from = coll.ns;
    this.catalog.rename(coll, toDb, toName);
    batch?.push({ op: 'rename', from, to: `${toDb}.${toName}` });
  }

  createIndex(coll: Collection, spec: Document, batch?: WriteBatch): CollectionIndex {
    const index = new CollectionIndex(spec);
    coll.addIndex(index);
    batch?.push({ op: 'createIndex', ns: coll.ns, spec });
    return index;
  }

  dropIndex(coll: Collection, name: string, batch?: WriteBatch): void {
    coll.dropIndex(name);
    batch?.push({ op: 'dropIndex', ns: coll.ns, name });
  }

  setIndexTtl(coll: Collection, index: CollectionIndex, seconds: number, batch?: WriteBatch): void {
    index.expireAfterSeconds = seconds;
    index.spec['expireAfterSeconds'] = seconds;
    batch?.push({ op: 'setIndexTtl', ns: coll.ns, name: index.name, expireAfterSeconds: seconds });
  }

  insert(coll: Collection, bytes: Buffer, batch?: WriteBatch, forms?: DocForms): DocRecord {
    const record = coll.insert(bytes, forms);
    batch?.push({ op: 'insert', ns: coll.ns, doc: bytes });
    return record;
  }

  replace(coll: Collection, record: DocRecord, bytes: Buffer, batch?: WriteBatch, forms?: DocForms): void {
    coll.replace(record, bytes, forms);
    batch?.push({ op: 'update', ns: coll.ns, doc: bytes });
  }

  remove(coll: Collection, record: DocRecord, batch?: WriteBatch): void {
    const bytes = record.bson;
    if (!bytes) return;
    coll.remove(record);
    batch?.push({ op: 'delete', ns: coll.ns, id: toBytes({ _id: toExact(bytes)['_id'] }) });
  }

  /** Re-applies one journal op during recovery. */
  replay(op: JournalOp): void {
    switch (op.op) {
      case 'insert':
      case 'update': {
        const coll = this.ensureByNs(op.ns);
        const bytes = Buffer.from(op.doc);
        const forms = new DocForms(bytes);
        const existing = coll.idIndex.tree.get(idKeyOf(forms));
        if (existing) coll.replace(existing, bytes, forms);
        else coll.insert(bytes, forms);
        return;
      }
      case 'delete': {
        const coll = this.catalog.getNs(op.ns);
        const record = coll?.findById(toExact(op.id)['_id']);
        if (coll && record) coll.remove(record);
        return;
      }
      case 'createCollection': {
        const [db, name] = splitNamespace(op.ns);
        if (!this.catalog.get(db, name)) {
          this.createCollection(db, name, (op.meta['options'] as Document) ?? {}, undefined, op.meta['uuid'] as Binary);
        }
        return;
      }
      case 'dropCollection': {
        const [db, name] = splitNamespace(op.ns);
        this.catalog.drop(db, name);
        return;
      }
      case 'dropDatabase':
        this.catalog.dropDatabase(op.db);
        return;
      case 'createIndex': {
        const coll = this.ensureByNs(op.ns);
        if (!coll.indexes.has(String(op.spec['name']))) coll.addIndex(new CollectionIndex(op.spec));
        return;
      }
      case 'dropIndex':
        this.catalog.getNs(op.ns)?.dropIndex(op.name);
        return;
      case 'setIndexTtl': {
        const coll = this.catalog.getNs(op.ns);
        const index = coll?.indexes.get(op.name);
        if (coll && index) this.setIndexTtl(coll, index, op.expireAfterSeconds);
        return;
      }
      case 'rename': {
        const coll = this.catalog.getNs(op.from);
        const [db, name] = splitNamespace(op.to);
        if (coll) {
          this.catalog.drop(db, name);
          this.catalog.rename(coll, db, name);
        }
        return;
      }
    }
  }

  private ensureByNs(ns: string): Collection {
    const [db, name] = splitNamespace(ns);
    return this.ensureCollection(db, name);
  }
}
