import { GroupCommit, Settled } from './group-commit';

const ok = <T>(value: T): Settled<T> => ({ ok: true, value });

describe('GroupCommit', () => {
  it('writes a lone call by itself', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((i) => ok(i * 2));
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    await expect(gc.submit(4)).resolves.toBe(8);
    expect(batches).toEqual([[4]]);
  });

  it('groups the calls that arrive while a batch is in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map(ok);
      },
      { maxBatch: 3, maxConcurrent: 1 },
    );
    const first = gc.submit(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    expect(gc.waiting).toBe(5);
    release();
    await expect(Promise.all([first, ...rest])).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('keeps up to maxConcurrent batches in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const gc = new GroupCommit<number, number>(
      async (items) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return items.map(ok);
      },
      { maxBatch: 1, maxConcurrent: 2 },
    );
    await Promise.all([1, 2, 3, 4].map((i) => gc.submit(i)));
    expect(most).toBe(2);
  });

  it('refuses items one by one, or the whole batch when the write fails', async () => {
    const gc = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(99)) throw new Error('disk full');
        return items.map((i) => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : ok(i)));
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const [a, b] = await Promise.allSettled([gc.submit(1), gc.submit(-1)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('bad -1') });
    const both = await Promise.allSettled([gc.submit(2), gc.submit(99)]);
    expect(both.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
