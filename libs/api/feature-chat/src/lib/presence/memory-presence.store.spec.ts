import { MemoryPresenceStore } from './memory-presence.store';

describe('MemoryPresenceStore', () => {
  it('is online from the first socket to the last', async () => {
    const store = new MemoryPresenceStore();
    expect(await store.add('u', 's1')).toBe(true);
    expect(await store.add('u', 's2')).toBe(false);
    expect(await store.isOnline('u')).toBe(true);
    expect(await store.remove('u', 's1')).toBe(false);
    expect(await store.isOnline('u')).toBe(true);
    expect(await store.remove('u', 's2')).toBe(true);
    expect(await store.isOnline('u')).toBe(false);
  });

  it('ignores a socket removed twice or never added', async () => {
    const store = new MemoryPresenceStore();
    await store.add('u', 's1');
    expect(await store.remove('u', 'unknown')).toBe(false);
    expect(await store.remove('u', 's1')).toBe(true);
    expect(await store.remove('u', 's1')).toBe(false);
    expect(await store.remove('nobody', 's1')).toBe(false);
  });

  it('tells which of several users are online', async () => {
    const store = new MemoryPresenceStore();
    await store.add('a', 's1');
    await store.add('c', 's2');
    expect(await store.onlineAmong(['a', 'b', 'c'])).toEqual(new Set(['a', 'c']));
  });
});
