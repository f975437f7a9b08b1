import { availableParallelism } from 'node:os';

/**
 * At most `size` bcrypt operations at a time; the others wait their turn in order. bcrypt runs on libuv's thread
 * pool, off the event loop, but each hash keeps a core busy for a quarter of a second at cost 12: with one hash per
 * core, a burst of logins would leave the event loop (every socket of the chat) fighting for CPU. One core is kept
 * for it.
 */
export class BcryptSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size = Math.max(1, availableParallelism() - 1)) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
