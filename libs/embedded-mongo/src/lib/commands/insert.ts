import { type Document, ObjectId } from 'bson';
import { toBytes } from '../bson/forms';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { idFirst } from '../query/update';
import { checkRawBson, topLevelInfo } from '../bson/raw-bson';
import { DocForms } from '../storage/record';
import { MAX_BSON_OBJECT_SIZE, MAX_WRITE_BATCH_SIZE } from '../wire/opcodes';
import { type CommandHandler, boolArg, collectionArg } from './context';
import { withWriteErrors, writeError } from './write-errors';

const BSON_ARRAY = 0x04;
const BSON_UNDEFINED = 0x06;
const BSON_REGEX = 0x0b;

/** Validates a document to insert and returns its stored bytes (`_id` first, generated if missing). */
export function prepareInsert(raw: Uint8Array): DocForms {
  if (raw.length > MAX_BSON_OBJECT_SIZE) {
    throw new MongoServerError(ErrorCode.BSONObjectTooLarge, `object to insert too large. size in bytes: ${raw.length}, max size: ${MAX_BSON_OBJECT_SIZE}`);
  }
  const malformed = checkRawBson(raw);
  if (malformed) throw new MongoServerError(ErrorCode.InvalidBSON, `invalid document: ${malformed}`);
  const info = topLevelInfo(raw);
  if (info.dollarField !== undefined) {
    throw new MongoServerError(ErrorCode.DollarPrefixedFieldName, `Document can't have $ prefixed field names: ${info.dollarField}`);
  }
  if (info.idType === BSON_ARRAY) throw badValue(`The '_id' value cannot be of type array`);
  if (info.idType === BSON_REGEX) throw badValue(`The '_id' value cannot be of type regex`);
  if (info.idType === BSON_UNDEFINED) throw badValue(`The '_id' value cannot be undefined`);
  if (info.idFirst) return new DocForms(Buffer.from(raw));
  const exact = new DocForms(Buffer.from(raw)).exact();
  const id = '_id' in exact ? exact['_id'] : new ObjectId();
  return new DocForms(toBytes(idFirst(exact, id)));
}

export const insert: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const documents = cmd['documents'];
  if (!Array.isArray(documents)) throw badValue(`BSON field 'insert.documents' is missing but a required field`);
  if (documents.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoServerError(ErrorCode.InvalidOptions, `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${documents.length} operations.`);
  }
  const ordered = boolArg(cmd, 'ordered', true);
  const coll = ctx.store.ensureCollection(ctx.db, name, ctx.batch);
  const errors: Document[] = [];
  let n = 0;
  for (let i = 0; i < documents.length; i++) {
    ctx.server.opcounters.insert++;
    try {
      const raw = documents[i];
      if (!(raw instanceof Uint8Array)) throw badValue('documents must be objects');
      const forms = prepareInsert(raw);
      ctx.store.insert(coll, forms.bytes, ctx.batch, forms);
      n++;
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return withWriteErrors({ n, ok: 1 }, errors);
};
