import type { Collection } from './collection';
import type { CollectionIndex, } from './collection-index';
import type { KeyRange, Plan } from './planner';
import type { DocRecord } from './record';

export interface ScanStats {
  keysExamined: number;
  docsExamined: number;
}

export function newStats(): ScanStats {
  return { keysExamined: 0, docsExamined: 0 };
}

/**
 * Walks one key range of an index lazily. The B+tree iterator is re-created from the last key whenever
 * the index changed since it was taken, so a cursor can pause between batches while writes go on.
 */
function* rangeScan(index: CollectionIndex, range: KeyRange, direction: 1 | -1, stats: ScanStats): Generator<DocRecord> {
  let version = index.version;
  let last: string | undefined;
  let it: Iterator<[string, DocRecord]> =
    direction > 0 ? index.tree.entries(range.start) : index.tree.entriesReversed(range.end, undefined, true);
  for (;;) {
    if (version !== index.version) {
      version = index.version;
      if (last !== undefined) {
        it = direction > 0 ? index.tree.entries(last) : index.tree.entriesReversed(last, undefined, true);
      }
    }
    const next = it.next();
    if (next.done) return;
    const [key, record] = next.value;
    if (direction > 0 && last !== undefined && key === last) continue;
    if (direction > 0 ? key >= range.end : key < range.start) return;
    stats.keysExamined++;
    last = key;
    yield record;
  }
}

/** The records a plan reads, each at most once, in plan order. Deleted records are skipped. */
export function* scanRecords(coll: Collection, plan: Plan, stats: ScanStats): Generator<DocRecord> {
  if (plan.stage === 'COLLSCAN') {
    const source = plan.direction > 0 ? coll.records : [...coll.records].reverse();
    for (const record of source) {
      if (!record.bson) continue;
      stats.docsExamined++;
      yield record;
    }
    return;
  }
  const index = plan.index as CollectionIndex;
  const dedupe = index.multikey ? new Set<number>() : undefined;
  const ranges = plan.direction > 0 ? plan.ranges : [...plan.ranges].reverse();
  for (const range of ranges) {
    for (const record of rangeScan(index, range, plan.direction, stats)) {
      if (!record.bson) continue;
      if (dedupe) {
        if (dedupe.has(record.rid)) continue;
        dedupe.add(record.rid);
      }
      stats.docsExamined++;
      yield record;
    }
  }
}
