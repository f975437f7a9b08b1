import { type Document, ObjectId } from 'bson';
import { Aggregator, updateOne } from './mingo';
import { exactToView, numericRank, toBytes, viewToExact } from '../bson/forms';
import { encodeValue } from '../bson/key-string';
import { getPath, isPlainObject, setPath } from '../bson/paths';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { mingoOptions, UPDATE_CONTEXT } from './mingo-context';
import { viewOf } from './view-docs';

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$setOnInsert',
  '$min',
  '$max',
  '$currentDate',
  '$addToSet',
  '$pop',
  '$pull',
  '$push',
  '$pullAll',
  '$bit',
]);

const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        throw new MongoServerError(ErrorCode.FailedToParse, `Invalid stage in update pipeline: ${String(name)}`);
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(u)) throw new MongoServerError(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return 'replacement';
  if (ops.length !== keys.length) {
    throw new MongoServerError(ErrorCode.FailedToParse, `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}`);
  }
  for (const op of ops) {
    if (!OPERATORS.has(op)) {
      throw new MongoServerError(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(u[op])) {
      throw new MongoServerError(ErrorCode.FailedToParse, `Modifiers operate on fields but we found type ${typeof u[op]} instead.`);
    }
  }
  return 'operators';
}

/** Puts `_id` first, as MongoDB stores it. */
export function idFirst(doc: Document, id: unknown): Document {
  const out: Document = { _id: id };
  for (const k of Object.keys(doc)) if (k !== '_id') out[k] = doc[k];
  return out;
}

function validateStoredFields(doc: Document): void {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$')) {
      throw new MongoServerError(ErrorCode.DollarPrefixedFieldName, `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
    }
  }
}

export function validateId(id: unknown): void {
  if (Array.isArray(id)) throw badValue(`The '_id' value cannot be of type array`);
  if (id instanceof RegExp || (id as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp') {
    throw badValue(`The '_id' value cannot be of type regex`);
  }
  if (id === undefined) throw badValue(`The '_id' value cannot be undefined`);
}

/** Literal paths of `$set`-like operators whose operand types should win over the stored ones. */
function typeHints(update: Document, oldExact: Document): Document {
  const hints = structuredCloneExact(oldExact);
  const apply = (op: string, mode: 'replace' | 'widen') => {
    const spec = update[op];
    if (!isPlainObject(spec)) return;
    for (const [path, value] of Object.entries(spec)) {
      if (path.includes('$')) continue;
      if (mode === 'replace') setPath(hints, path, value);
      else {
        const before = getPath(oldExact, path);
        if (numericRank(value) > numericRank(before)) setPath(hints, path, value);
      }
    }
  };
  const rename = update['$rename'];
  if (isPlainObject(rename)) {
    for (const [from, to] of Object.entries(rename)) if (typeof to === 'string') setPath(hints, to, getPath(oldExact, from));
  }
  apply('$set', 'replace');
  apply('$setOnInsert', 'replace');
  apply('$min', 'widen');
  apply('$max', 'widen');
  apply('$inc', 'widen');
  apply('$mul', 'widen');
  return hints;
}

/** A shallow-enough copy of an exact document that setPath can write into without touching the original. */
function structuredCloneExact(doc: unknown): Document {
  if (!isPlainObject(doc)) return {};
  const out: Document = {};
  for (const [k, v] of Object.entries(doc)) out[k] = isPlainObject(v) ? structuredCloneExact(v) : v;
  return out;
}

export interface UpdateInput {
  kind: UpdateKind;
  /** The update as sent (exact form). */
  update: Document | Document[];
  arrayFilters?: Document[];
  /** The query filter in view form, for the positional `$` operator. */
  filterView?: Document;
  variables?: Document;
}

/**
 * Applies an update to one stored document; returns the new document (exact form, `_id` first). `oldView`, when
 * given, is a fresh view of `oldBytes` (the one the filter was tested on) that the update may consume.
 */
export function applyUpdate(oldBytes: Buffer, oldExact: Document, input: UpdateInput, oldView?: Document): Document {
  const id = oldExact['_id'];
  let next: Document;
  if (input.kind === 'replacement') {
    const replacement = input.update as Document;
    validateStoredFields(replacement);
    if ('_id' in replacement && encodeValue(replacement['_id']) !== encodeValue(id)) {
      throw new MongoServerError(
        ErrorCode.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(replacement['_id'])}`,
      );
    }
    next = idFirst(replacement, id);
  } else {
    const view = oldView ?? viewOf(oldBytes);
    const updated = runMingoUpdate(view, input, false);
    const hints = input.kind === 'operators' ? typeHints(input.update as Document, oldExact) : oldExact;
    next = viewToExact(updated, hints) as Document;
    if (!('_id' in next) || encodeValue(exactToView(next['_id'])) !== encodeValue(exactToView(id))) {
      throw new MongoServerError(
        ErrorCode.ImmutableField,
        `Performing an update on the path '_id' would modify the immutable field '_id'`,
      );
    }
    next = idFirst(next, id);
  }
  return next;
}

/** Whether an operator update names a path with the positional `$` (the only use mingo makes of the filter). */
function usesPositional(modifier: Document): boolean {
  return Object.values(modifier).some(
    (fields) => fields !== null && typeof fields === 'object' && Object.keys(fields).some((path) => path.split('.').includes('$')),
  );
}

function runMingoUpdate(view: Document, input: UpdateInput, inserting: boolean): Document {
  const variables = input.variables ? { variables: exactToView(input.variables) as Document } : {};
  const options = input.kind === 'pipeline' ? mingoOptions(variables) : mingoOptions(variables, UPDATE_CONTEXT);
  try {
    if (input.kind === 'pipeline') {
      const stages = exactToView(input.update) as Document[];
      const out = new Aggregator(stages, options).run([view]);
      return (out[0] as Document) ?? {};
    }
    const modifier = { ...(exactToView(input.update) as Document) };
    if (inserting && modifier['$setOnInsert']) {
      modifier['$set'] = { ...(modifier['$set'] as Document), ...(modifier['$setOnInsert'] as Document) };
    }
    delete modifier['$setOnInsert'];
    if (Object.keys(modifier).length === 0) return view;
    const docs = [view];
    const arrayFilters = input.arrayFilters ? (exactToView(input.arrayFilters) as Document[]) : undefined;
    // The engine has already matched the document; mingo needs the filter only to resolve a positional `$`, and
    // would otherwise compile it again for every document an update touches.
    const condition = usesPositional(modifier) ? (input.filterView ?? {}) : {};
    updateOne(docs, condition, modifier as never, { arrayFilters }, options);
    return docs[0];
  } catch (err) {
    if (err instanceof MongoServerError) throw err;
    const message = (err as Error).message;
    if (/conflict/.test(message)) throw new MongoServerError(ErrorCode.ConflictingUpdateOperators, message);
    if (/immutable field/.test(message)) throw new MongoServerError(ErrorCode.ImmutableField, message);
    throw new MongoServerError(ErrorCode.FailedToParse, message);
  }
}

/** The fields an upsert copies from the query: equality conditions on plain paths. */
function seedFromFilter(filter: Document | undefined): Document {
  const seed: Document = {};
  const visit = (f: Document) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) setPath(seed, k, v['$eq']);
        continue;
      }
      if (v instanceof RegExp || (v as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp') continue;
      setPath(seed, k, v);
    }
  };
  if (filter) visit(filter);
  return seed;
}

/** Builds the document an upsert inserts. */
export function buildUpsert(filterExact: Document | undefined, input: UpdateInput): Document {
  const seed = seedFromFilter(filterExact);
  let doc: Document;
  if (input.kind === 'replacement') {
    const replacement = input.update as Document;
    validateStoredFields(replacement);
    doc = { ...replacement };
    if (!('_id' in doc) && '_id' in seed) doc['_id'] = seed['_id'];
  } else {
    const view = exactToView(seed) as Document;
    const updated = runMingoUpdate(view, input, true);
    const hints = input.kind === 'operators' ? typeHints(input.update as Document, seed) : seed;
    doc = viewToExact(updated, hints) as Document;
    if ('_id' in seed && (!('_id' in doc) || encodeValue(doc['_id']) !== encodeValue(seed['_id']))) {
      throw new MongoServerError(ErrorCode.ImmutableField, `Performing an update on the path '_id' would modify the immutable field '_id'`);
    }
  }
  const id = '_id' in doc ? doc['_id'] : new ObjectId();
  validateId(id);
  return idFirst(doc, id);
}

export { toBytes };
