import type { Document } from 'bson';
import { updateOperators } from './mingo';

/**
 * Operators whose mingo implementation needs no query condition, no array filter and no clock, so that mingo's
 * standalone update operators apply them exactly as its updater would.
 */
const DIRECT = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max']);

/**
 * Whether an operator update can go straight to mingo's update operators, one after the other: only the operators
 * above, and no path with a positional or array-filter element (`$`, `$[]`, `$[id]`), which need the filter or the
 * array filters. Everything else goes through mingo's updater, which sets up a whole operator context per call: the
 * largest cost of the small updates a chat makes.
 */
export function appliesDirectly(modifier: Document, arrayFilters: readonly Document[] | undefined): boolean {
  if (arrayFilters?.length) return false;
  for (const [op, spec] of Object.entries(modifier)) {
    if (!DIRECT.has(op)) return false;
    for (const path of Object.keys(spec as Document)) if (path.includes('$')) return false;
  }
  return true;
}

/**
 * Applies the update to `doc` in place with mingo's own operators. Two operators touching one path (or a path and
 * its parent) conflict, as mingo's updater and MongoDB say; each operator checks its own paths (`_id`, `$` names,
 * conflicts within it).
 */
export function applyDirectly(doc: Document, modifier: Document): void {
  assertNoConflicts(modifier);
  for (const [op, spec] of Object.entries(modifier)) {
    updateOperators[op](spec)(doc);
  }
}

function assertNoConflicts(modifier: Document): void {
  const ops = Object.values(modifier);
  if (ops.length < 2) return;
  const paths = ops.flatMap((spec) => Object.keys(spec as Document));
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = paths[i].length <= paths[j].length ? [paths[i], paths[j]] : [paths[j], paths[i]];
      if (a === b || b.startsWith(`${a}.`)) {
        throw new Error(`updating the path '${b}' would create a conflict at '${a}'`);
      }
    }
  }
}
