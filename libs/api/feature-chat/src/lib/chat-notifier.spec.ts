import { EventEmitter } from 'node:events';
import { ChatNotifier } from './chat-notifier';
import type { ChatNamespace } from './chat-socket';

describe('ChatNotifier.disconnectAll', () => {
  /** A namespace whose sockets' connections close only when the test says their writes are flushed. */
  function namespaceOf(count: number) {
    const conns = Array.from({ length: count }, () =>
      Object.assign(new EventEmitter(), { readyState: 'open' }),
    );
    const namespace = {
      sockets: new Map(conns.map((conn, i) => [`s${i}`, { conn }])),
      disconnectSockets: jest.fn(),
    };
    return { conns, namespace };
  }

  it('closes every socket and resolves only once each connection has flushed and closed', async () => {
    const { conns, namespace } = namespaceOf(2);
    const notifier = new ChatNotifier();
    notifier.attach(namespace as unknown as ChatNamespace);
    let done = false;
    const closing = notifier.disconnectAll().then(() => (done = true));
    expect(namespace.disconnectSockets).toHaveBeenCalledWith(true);
    conns[0].emit('close');
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    conns[1].emit('close');
    await closing;
  });

  it('gives up waiting after the timeout', async () => {
    const { namespace } = namespaceOf(1);
    const notifier = new ChatNotifier();
    notifier.attach(namespace as unknown as ChatNamespace);
    await expect(notifier.disconnectAll(10)).resolves.toBeUndefined();
  });
});
