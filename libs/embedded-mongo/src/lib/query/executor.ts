import type { Document } from 'bson';
import type { Collection } from '../storage/collection';
import { planQuery, collectionScan, type Plan } from '../storage/planner';
import { newStats, scanRecords, type ScanStats } from '../storage/scan';
import type { DocRecord } from '../storage/record';
import type { Filter } from './filter';
import type { Projector } from './projection';
import { sortDocuments, type SortSpec } from './sort';
import { viewOf } from './view-docs';

export interface FindSpec {
  filter: Filter;
  sort?: SortSpec;
  skip?: number;
  /** 0 or absent: no limit. */
  limit?: number;
  projection?: Projector;
  hint?: unknown;
}

export interface Match {
  record: DocRecord;
  bytes: Buffer;
  view?: Document;
}

export interface Execution {
  plan: Plan;
  stats: ScanStats & { nReturned: number };
  /** Output documents as BSON, produced lazily. */
  docs: Generator<Buffer>;
}

/** Records matching the filter, in plan order, with the view form when the filter needed it. */
export function* matchRecords(coll: Collection, plan: Plan, filter: Filter, stats: ScanStats): Generator<Match> {
  const checkAll = filter.matchesAll || plan.filterCovered;
  if (!checkAll) filter.validate();
  for (const record of scanRecords(coll, plan, stats)) {
    const bytes = record.bson;
    if (!bytes) continue;
    if (checkAll) {
      yield { record, bytes };
      continue;
    }
    const view = viewOf(bytes);
    if (filter.test(view)) yield { record, bytes, view };
  }
}

export function planFor(coll: Collection | undefined, spec: FindSpec): Plan {
  return coll ? planQuery(coll, spec.filter.exact, spec.sort, spec.hint) : collectionScan(spec.sort);
}

/** Runs a find: plan, filter, sort (unless the index provides it), skip, limit, projection. */
export function executeFind(coll: Collection | undefined, spec: FindSpec): Execution {
  const plan = planFor(coll, spec);
  if (!plan.filterCovered) spec.filter.validate();
  const stats = { ...newStats(), nReturned: 0 };
  return { plan, stats, docs: coll ? run(coll, plan, spec, stats) : empty() };
}

function* empty(): Generator<Buffer> {
  // nothing to read from a collection that does not exist
}

function* run(coll: Collection, plan: Plan, spec: FindSpec, stats: Execution['stats']): Generator<Buffer> {
  let source: Iterable<Match> = matchRecords(coll, plan, spec.filter, stats);
  if (spec.sort && !plan.providesSort) {
    const all = [...source];
    for (const m of all) m.view ??= viewOf(m.bytes);
    source = sortDocuments(all, (m) => m.view as Document, spec.sort);
  }
  let skip = spec.skip ?? 0;
  const limit = spec.limit ?? 0;
  for (const m of source) {
    if (skip > 0) {
      skip--;
      continue;
    }
    stats.nReturned++;
    if (spec.projection) yield spec.projection.apply(m.view ?? viewOf(m.bytes));
    else yield m.bytes;
    if (limit > 0 && stats.nReturned >= limit) return;
  }
}

/** Matching records (not documents), sorted and limited, for the write commands. */
export function findMatches(
  coll: Collection,
  filter: Filter,
  options: { sort?: SortSpec; limit?: number; hint?: unknown } = {},
): Match[] {
  const plan = planQuery(coll, filter.exact, options.sort, options.hint);
  const stats = newStats();
  const limit = options.limit ?? 0;
  const out: Match[] = [];
  if (options.sort && !plan.providesSort) {
    const all = [...matchRecords(coll, plan, filter, stats)];
    for (const m of all) m.view ??= viewOf(m.bytes);
    sortDocuments(all, (m) => m.view as Document, options.sort);
    return limit > 0 ? all.slice(0, limit) : all;
  }
  for (const m of matchRecords(coll, plan, filter, stats)) {
    out.push(m);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}
