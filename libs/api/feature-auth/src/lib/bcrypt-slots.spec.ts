import { BcryptSlots } from './bcrypt-slots';

describe('BcryptSlots', () => {
  it('runs at most `size` jobs at once, the others in order of arrival', async () => {
    const slots = new BcryptSlots(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      slots.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        return i;
      }),
    );
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await tick();
    expect(started).toEqual([0, 1]);
    finish.shift()?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (finish.length || started.length < 5) {
      finish.shift()?.();
      await tick();
    }
    await expect(Promise.all(jobs)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot when a job fails', async () => {
    const slots = new BcryptSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });

  it('keeps a core for the event loop, and at least one slot', () => {
    expect(new BcryptSlots().size).toBeGreaterThanOrEqual(1);
  });
});
