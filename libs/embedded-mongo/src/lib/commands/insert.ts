import { type Document, ObjectId } from 'bson';
import { toBytes } from '../bson/forms';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { idFirst, validateId } from '../query/update';
import { DocForms } from '../storage/record';
import { MAX_BSON_OBJECT_SIZE, MAX_WRITE_BATCH_SIZE } from '../wire/opcodes';
import { type CommandHandler, boolArg, collectionArg } from './context';
import { withWriteErrors, writeError } from './write-errors';

function firstFieldIsId(bytes: Uint8Array): boolean {
  return bytes.length > 9 && bytes[5] === 0x5f && bytes[6] === 0x69 && bytes[7] === 0x64 && bytes[8] === 0;
}

/** Validates a document to insert and returns its stored bytes (`_id` first, generated if missing). */
export function prepareInsert(raw: Uint8Array): DocForms {
  if (raw.length > MAX_BSON_OBJECT_SIZE) {
    throw new MongoServerError(ErrorCode.BSONObjectTooLarge, `object to insert too large. size in bytes: ${raw.length}, max size: ${MAX_BSON_OBJECT_SIZE}`);
  }
  let forms = new DocForms(Buffer.from(raw));
  const exact = forms.exact();
  for (const key of Object.keys(exact)) {
    if (key.startsWith('$')) throw new MongoServerError(ErrorCode.DollarPrefixedFieldName, `Document can't have $ prefixed field names: ${key}`);
  }
  if (!firstFieldIsId(raw)) {
    const id = '_id' in exact ? exact['_id'] : new ObjectId();
    forms = new DocForms(toBytes(idFirst(exact, id)));
  }
  validateId(forms.exact()['_id']);
  return forms;
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
