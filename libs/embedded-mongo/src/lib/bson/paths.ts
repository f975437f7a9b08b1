/** Dotted-path helpers with MongoDB's array traversal rules, shared by index keys, sort keys and distinct. */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof Date) &&
    !(v instanceof RegExp) &&
    !(v instanceof Uint8Array) &&
    (v as { _bsontype?: string })._bsontype === undefined
  );
}

export interface PathValues {
  /** The values found; `undefined` stands for a missing field. */
  values: unknown[];
  /** Whether an array was traversed or expanded on the way. */
  viaArray: boolean;
}

/**
 * Collects the values at `path` the way a multikey index sees them: arrays met along the path are
 * traversed element by element and a terminal array contributes each of its elements.
 * A terminal empty array is reported as the array itself so that callers can decide how to key it.
 */
export function collectPathValues(doc: unknown, path: readonly string[], expandTerminalArrays = true): PathValues {
  const out: PathValues = { values: [], viaArray: false };
  walk(doc, path, 0, out, expandTerminalArrays);
  if (out.values.length === 0) out.values.push(undefined);
  return out;
}

function walk(value: unknown, path: readonly string[], i: number, out: PathValues, expand: boolean): void {
  if (i === path.length) {
    if (expand && Array.isArray(value)) {
      out.viaArray = true;
      if (value.length === 0) out.values.push(value);
      else for (const e of value) out.values.push(e);
    } else out.values.push(value);
    return;
  }
  const part = path[i];
  if (Array.isArray(value)) {
    out.viaArray = true;
    const idx = /^\d+$/.test(part) ? Number(part) : -1;
    if (idx >= 0) {
      walk(value[idx], path, i + 1, out, expand);
      return;
    }
    // Nested arrays and scalars inside an array have no fields: they contribute nothing.
    for (const e of value) if (isPlainObject(e)) walk(e[part], path, i + 1, out, expand);
    return;
  }
  if (isPlainObject(value)) {
    walk(value[part], path, i + 1, out, expand);
    return;
  }
  out.values.push(undefined);
}

/** The single value at a dotted path without array traversal (for `_id` and upsert seeds). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isPlainObject(cur)) cur = cur[part];
    else return undefined;
  }
  return cur;
}

/** Sets a value at a dotted path, creating intermediate objects. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

export { isPlainObject };
