import { serialize } from 'bson';
import { CursorManager } from '../cursors';
import { Store } from './store';
import { CollectionIndex } from './collection-index';
import { TtlMonitor } from './ttl-monitor';
import type { ServerState } from '../commands/context';

describe('TtlMonitor', () => {
  const state = { parameters: { ttlMonitorSleepSecs: 60 } } as ServerState;

  it('removes documents whose date is older than expireAfterSeconds', async () => {
    const store = new Store();
    const coll = store.createCollection('db', 'sessions', {});
    coll.addIndex(new CollectionIndex({ v: 2, key: { at: -1 }, name: 'at_-1', expireAfterSeconds: 10 }));
    const now = 1_000_000_000;
    for (const [id, at] of [
      [1, new Date(now - 11_000)],
      [2, new Date(now - 9_000)],
      [3, 'not a date'],
      [4, [new Date(now), new Date(now - 20_000)]],
    ] as const) {
      coll.insert(Buffer.from(serialize({ _id: id, at })));
    }
    const monitor = new TtlMonitor(store, new CursorManager(), state);
    expect(await monitor.sweep(now)).toBe(2);
    expect([...coll.records].map((r) => r.idKey)).toHaveLength(2);
    expect(coll.findById(2)).toBeDefined();
    expect(coll.findById(3)).toBeDefined();
  });

  it('does not keep the process alive and stops cleanly', () => {
    const monitor = new TtlMonitor(new Store(), new CursorManager(), state);
    monitor.start();
    monitor.reschedule();
    monitor.stop();
    monitor.reschedule();
  });
});
