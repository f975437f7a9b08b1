import type { Document } from 'bson';
import { KEY_SENTINEL, encodeValue, typeByte, typePrefix, TYPE_ARRAY, TYPE_NULL } from '../bson/key-string';
import { isPlainObject } from '../bson/paths';
import { badValue } from '../errors';
import type { SortSpec } from '../query/sort';
import type { Collection } from './collection';
import type { CollectionIndex } from './collection-index';

/** Keys k with start <= k < end. */
export interface KeyRange {
  start: string;
  end: string;
}

export interface Plan {
  stage: 'COLLSCAN' | 'IXSCAN';
  index?: CollectionIndex;
  /** Ranges in ascending key order (scanned in reverse when direction is -1). */
  ranges: KeyRange[];
  direction: 1 | -1;
  /** True when the scan order already is the requested sort order. */
  providesSort: boolean;
  /** Human-readable bounds per index field, for explain. */
  indexBounds?: Record<string, string[]>;
  /** True when the index bounds express the whole filter exactly, so no document needs re-checking. */
  filterCovered: boolean;
}

type Constraint =
  | { kind: 'points'; values: unknown[] }
  | { kind: 'range'; lower?: { value: unknown; inclusive: boolean }; upper?: { value: unknown; inclusive: boolean } };

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);
const MAX_POINT_COMBINATIONS = 512;

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || (v as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp';
}

function isIndexablePoint(v: unknown): boolean {
  return v !== undefined && !Array.isArray(v) && !isRegex(v);
}

/** Collects per-field constraints from the top-level conjunction of a filter (exact form). */
export function analyzeFilter(filter: Document): Map<string, Constraint[]> {
  const out = new Map<string, Constraint[]>();
  const add = (path: string, c: Constraint) => {
    const list = out.get(path) ?? [];
    list.push(c);
    out.set(path, list);
  };
  const visit = (f: Document) => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const sub of value) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key.startsWith('$')) continue;
      if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        const ops = value as Document;
        if ('$eq' in ops && isIndexablePoint(ops['$eq'])) add(key, { kind: 'points', values: [ops['$eq']] });
        if ('$in' in ops && Array.isArray(ops['$in']) && (ops['$in'] as unknown[]).every(isIndexablePoint)) {
          add(key, { kind: 'points', values: ops['$in'] as unknown[] });
        }
        const range: Constraint & { kind: 'range' } = { kind: 'range' };
        for (const op of Object.keys(ops)) {
          if (!RANGE_OPS.has(op)) continue;
          const v = ops[op];
          if (v === undefined || isRegex(v) || typeByte(v) === TYPE_ARRAY) continue;
          const bound = { value: v, inclusive: op.endsWith('e') };
          if (op.startsWith('$g')) {
            if (!range.lower) range.lower = bound;
          } else if (!range.upper) range.upper = bound;
        }
        if (range.lower && range.upper && typeByte(range.lower.value) !== typeByte(range.upper.value)) {
          delete range.upper;
        }
        if (range.lower || range.upper) add(key, range);
      } else if (isIndexablePoint(value)) {
        add(key, { kind: 'points', values: [value] });
      }
    }
  };
  visit(filter);
  return out;
}

type Coverage = Map<string, 'points' | 'range'>;
const EXACT_OPS = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);

/** A value whose key-string equality and order are exactly MongoDB's (no NaN, no approximate decimal). */
function exactlyKeyed(v: unknown): boolean {
  if (v === undefined || Array.isArray(v) || isRegex(v)) return false;
  if (typeof v === 'number') return !Number.isNaN(v);
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  if (t === 'Decimal128' || t === 'Code' || t === 'DBRef') return false;
  if (t === 'Double') return !Number.isNaN((v as { value: number }).value);
  if (isPlainObject(v)) return Object.values(v).every((x) => x === undefined || exactlyKeyed(x) || (Array.isArray(x) && x.every(exactlyKeyed)));
  return true;
}

/**
 * Which fields a filter constrains and how, when the filter is nothing but equalities, $in lists and
 * ranges on plain fields; undefined when anything else appears (then documents are always re-checked).
 */
export function coverage(filter: Document): Coverage | undefined {
  const out: Coverage = new Map();
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) return undefined;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const ops = Object.keys(value);
      if (!ops.every((op) => EXACT_OPS.has(op))) return undefined;
      if (ops.length === 1 && (ops[0] === '$eq' || ops[0] === '$in')) {
        const points = ops[0] === '$eq' ? [value['$eq']] : value['$in'];
        if (!Array.isArray(points) || points.length === 0 || !points.every(exactlyKeyed)) return undefined;
        out.set(key, 'points');
        continue;
      }
      const lower = ops.filter((op) => op === '$gt' || op === '$gte');
      const upper = ops.filter((op) => op === '$lt' || op === '$lte');
      if (lower.length > 1 || upper.length > 1 || lower.length + upper.length !== ops.length) return undefined;
      const bounds = ops.map((op) => value[op]);
      if (!bounds.every(exactlyKeyed) || bounds.some((b) => typeByte(b) === TYPE_ARRAY)) return undefined;
      if (bounds.length === 2 && typeByte(bounds[0]) !== typeByte(bounds[1])) return undefined;
      out.set(key, 'range');
      continue;
    }
    if (!exactlyKeyed(value)) return undefined;
    out.set(key, 'points');
  }
  return out;
}

interface FieldBound {
  /** Key-space points (encoded, direction applied), sorted and unique. */
  points?: string[];
  /** Key-space range: component prefixes, with inclusivity meaning "every key starting with it". */
  range?: { lo: string; loInclusive: boolean; hi: string; hiInclusive: boolean };
  describe: string[];
}

function boundFor(constraints: Constraint[] | undefined, dir: 1 | -1, multikey: boolean): FieldBound | undefined {
  if (!constraints?.length) return undefined;
  const desc = dir < 0;
  const pointSets = constraints.filter((c): c is Constraint & { kind: 'points' } => c.kind === 'points');
  if (pointSets.length) {
    // Several point constraints on one field: any of them narrows the candidates (mingo rechecks all).
    const best = pointSets.reduce((a, b) => (b.values.length < a.values.length ? b : a));
    const points = [...new Set(best.values.map((v) => encodeValue(v, desc)))].sort();
    return { points, describe: best.values.map((v) => `[${describeValue(v)}, ${describeValue(v)}]`) };
  }
  const range = constraints.find((c): c is Constraint & { kind: 'range' } => c.kind === 'range');
  if (!range) return undefined;
  const lower = range.lower;
  let upper = range.upper;
  // On a multikey field different elements may satisfy each side, so only one side may bound the scan.
  if (multikey && lower && upper) upper = undefined;
  const type = typeByte((lower ?? upper)?.value);
  const loAsc = lower ? encodeValue(lower.value) : typePrefix(type);
  const hiAsc = upper ? encodeValue(upper.value) : typePrefix(type);
  const loIncl = lower ? lower.inclusive : true;
  const hiIncl = upper ? upper.inclusive : true;
  const describe = [
    `${loIncl ? '[' : '('}${lower ? describeValue(lower.value) : 'MinType'}, ${upper ? describeValue(upper.value) : 'MaxType'}${hiIncl ? ']' : ')'}`,
  ];
  if (!desc) return { range: { lo: loAsc, loInclusive: loIncl, hi: hiAsc, hiInclusive: hiIncl }, describe };
  const lo = upper ? encodeValue(upper.value, true) : typePrefix(type, true);
  const hi = lower ? encodeValue(lower.value, true) : typePrefix(type, true);
  return { range: { lo, loInclusive: hiIncl, hi, hiInclusive: loIncl }, describe };
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  const t = (v as { _bsontype?: string } | undefined)?._bsontype;
  if (t === 'ObjectId') return `ObjectId('${String(v)}')`;
  return String(v);
}

interface Candidate {
  index: CollectionIndex;
  ranges: KeyRange[];
  eqPrefix: number;
  hasRange: boolean;
  providesSort: boolean;
  direction: 1 | -1;
  bounds: Record<string, string[]>;
  exactUnique: boolean;
  filterCovered: boolean;
}

function buildCandidate(
  index: CollectionIndex,
  constraints: Map<string, Constraint[]>,
  sort: SortSpec | undefined,
  covered?: Coverage,
): Candidate {
  let prefixes = [''];
  let eqPrefix = 0;
  let singlePointPrefix = 0;
  let hasRange = false;
  let ranges: KeyRange[] | undefined;
  const bounds: Record<string, string[]> = {};
  let stopped = false;
  for (const field of index.fields) {
    const bound = stopped ? undefined : boundFor(constraints.get(field.path), field.dir, index.multikey);
    if (!bound) {
      stopped = true;
      bounds[field.path] = ['[MinKey, MaxKey]'];
      continue;
    }
    bounds[field.path] = bound.describe;
    if (bound.points && prefixes.length * bound.points.length <= MAX_POINT_COMBINATIONS) {
      const next: string[] = [];
      for (const p of prefixes) for (const pt of bound.points) next.push(p + pt);
      prefixes = next;
      eqPrefix++;
      if (bound.points.length === 1 && singlePointPrefix === eqPrefix - 1) singlePointPrefix++;
      continue;
    }
    if (bound.range) {
      const r = bound.range;
      ranges = prefixes.map((p) => ({
        start: p + r.lo + (r.loInclusive ? '' : KEY_SENTINEL),
        end: p + r.hi + (r.hiInclusive ? KEY_SENTINEL : ''),
      }));
      hasRange = true;
    } else bounds[field.path] = ['[MinKey, MaxKey]'];
    stopped = true;
  }
  if (!ranges) ranges = prefixes.map((p) => ({ start: p, end: p + KEY_SENTINEL }));
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  let providesSort = false;
  let direction: 1 | -1 = 1;
  if (sort && !index.multikey) {
    const eqFields = new Set(index.fields.slice(0, singlePointPrefix).map((f) => f.path));
    const wanted = sort.filter((s) => !eqFields.has(s.path));
    let j = 0;
    let relation = 0;
    let ok = true;
    for (let k = singlePointPrefix; k < index.fields.length && j < wanted.length; k++) {
      const f = index.fields[k];
      if (f.path !== wanted[j].path) {
        ok = false;
        break;
      }
      const r = f.dir * wanted[j].dir;
      if (relation !== 0 && r !== relation) {
        ok = false;
        break;
      }
      relation = r;
      j++;
    }
    // A multi-point field ($in) before the sorted fields interleaves several sorted runs; one that is
    // itself sorted on is fine, since the ranges are scanned in key order.
    if (ok && j === wanted.length && (wanted.length === 0 || eqPrefix <= singlePointPrefix + j)) {
      providesSort = true;
      direction = relation < 0 ? -1 : 1;
    }
  } else if (!sort) providesSort = true;

  const filterCovered =
    covered !== undefined &&
    !index.multikey &&
    !index.partial &&
    [...covered].every(([path, kind]) => {
      const pos = index.fields.findIndex((f) => f.path === path);
      if (pos < 0) return false;
      return kind === 'points' ? pos < eqPrefix : hasRange && pos === eqPrefix;
    });

  return {
    index,
    ranges,
    eqPrefix,
    hasRange,
    providesSort,
    direction,
    bounds,
    exactUnique: index.unique && eqPrefix === index.fields.length && singlePointPrefix === eqPrefix,
    filterCovered,
  };
}

/** Whether the filter certainly implies the index's partial filter (each of its conditions appears in the filter). */
function impliesPartial(filter: Document, index: CollectionIndex): boolean {
  if (!index.partial) return true;
  const required = index.partial.exact;
  const present = JSON.stringify;
  return Object.entries(required).every(([k, v]) => k in filter && present(filter[k]) === present(v));
}

function usable(index: CollectionIndex, constraints: Map<string, Constraint[]>, filter: Document): boolean {
  if (!impliesPartial(filter, index)) return false;
  if (index.sparse) {
    // A sparse index lacks documents without the field, so it may only serve queries that exclude them.
    const first = constraints.get(index.fields[0].path);
    if (!first) return false;
    return first.some((c) =>
      c.kind === 'points' ? c.values.every((v) => typeByte(v) !== TYPE_NULL) : typeByte((c.lower ?? c.upper)?.value) !== TYPE_NULL,
    );
  }
  return true;
}

function toPlan(c: Candidate): Plan {
  return {
    stage: 'IXSCAN',
    index: c.index,
    ranges: c.ranges,
    direction: c.direction,
    providesSort: c.providesSort,
    indexBounds: c.bounds,
    filterCovered: c.filterCovered,
  };
}

export function collectionScan(sort: SortSpec | undefined, direction: 1 | -1 = 1): Plan {
  return { stage: 'COLLSCAN', ranges: [], direction, providesSort: !sort, filterCovered: false };
}

function findHinted(coll: Collection, hint: unknown): CollectionIndex | 'natural' | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (typeof hint === 'string') {
    const idx = coll.indexes.get(hint);
    if (!idx) throw badValue(`error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index`);
    return idx;
  }
  if (isPlainObject(hint)) {
    if (Object.keys(hint).length === 0) return undefined;
    if ('$natural' in hint) return 'natural';
    const wanted = JSON.stringify(Object.entries(hint).map(([k, v]) => [k, Number((v as { valueOf(): unknown }).valueOf())]));
    for (const idx of coll.indexes.values()) {
      const key = JSON.stringify(idx.fields.map((f) => [f.path, Number((idx.keyPattern[f.path] as { valueOf(): unknown }).valueOf())]));
      if (key === wanted) return idx;
    }
    throw badValue(`error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index`);
  }
  throw badValue('hint must be a string or an object');
}

/**
 * Chooses how to read a collection for a filter and sort: the index with the longest equality prefix,
 * then a range on the next field, then one that yields the requested order, or a collection scan.
 */
export function planQuery(coll: Collection, filter: Document, sort: SortSpec | undefined, hint?: unknown): Plan {
  const constraints = analyzeFilter(filter);
  const covered = coverage(filter);
  const hinted = findHinted(coll, hint);
  if (hinted === 'natural') {
    const dir = Number((hint as Document)['$natural']) < 0 ? -1 : 1;
    return collectionScan(sort, dir);
  }
  if (hinted) return toPlan(buildCandidate(hinted, constraints, sort, covered));
  let best: Candidate | undefined;
  let bestScore = 0;
  for (const index of coll.indexes.values()) {
    if (!usable(index, constraints, filter)) continue;
    const c = buildCandidate(index, constraints, sort, covered);
    const sortUseful = sort !== undefined && c.providesSort;
    if (c.eqPrefix === 0 && !c.hasRange && !sortUseful) continue;
    const score =
      (c.exactUnique ? 100_000 : 0) + c.eqPrefix * 1000 + (c.hasRange ? 500 : 0) + (sortUseful ? 250 : 0) - index.fields.length;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best ? toPlan(best) : collectionScan(sort);
}
