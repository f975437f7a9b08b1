import { TestBed } from '@angular/core/testing';
import { AuthStore } from '@chat/web/auth/data-access';
import { FakeChatSocket, provideFakeChatSocket } from '../testing';
import { aMessage } from '@chat/shared/util-testing';
import { SOCKET_BASE_URL } from '@chat/web/util';
import { Subject } from 'rxjs';
import { CHAT_SOCKET, ChatSocketService } from './chat-socket.service';

const flush = () => new Promise((resolve) => setTimeout(resolve));

function fakeAuth() {
  const refreshed = new Subject<string>();
  let token = 'token-1';
  return {
    accessToken: () => token,
    tokenRefreshed$: refreshed.asObservable(),
    refreshAccessToken: jest.fn(async () => {
      token = 'token-2';
      refreshed.next(token);
      return token;
    }),
    expireSession: jest.fn(),
  };
}

describe('ChatSocketService', () => {
  let socket: FakeChatSocket;
  let auth: ReturnType<typeof fakeAuth>;
  let service: ChatSocketService;

  beforeEach(() => {
    socket = new FakeChatSocket();
    auth = fakeAuth();
    TestBed.configureTestingModule({
      providers: [provideFakeChatSocket(socket), { provide: AuthStore, useValue: auth }],
    });
    service = TestBed.inject(ChatSocketService);
  });

  it('connects on start and reports the first connection', () => {
    const connections: boolean[] = [];
    service.connected$.subscribe(({ reconnect }) => connections.push(reconnect));
    expect(service.state()).toBe('idle');
    service.start();
    expect(socket.connectCalls).toBe(1);
    expect(service.state()).toBe('connecting');
    socket.acceptConnection();
    expect(service.state()).toBe('connected');
    expect(connections).toEqual([false]);
  });

  it('shows a lost connection and announces the reconnection so missed events can be fetched', () => {
    const connections: boolean[] = [];
    service.connected$.subscribe(({ reconnect }) => connections.push(reconnect));
    service.start();
    socket.acceptConnection();
    socket.dropConnection('transport close');
    expect(service.state()).toBe('disconnected');
    socket.acceptConnection();
    expect(service.state()).toBe('connected');
    expect(connections).toEqual([false, true]);
  });

  it('renews the token and connects again when the handshake is refused as unauthorized', async () => {
    service.start();
    socket.refuseConnection('unauthorized');
    await flush();
    expect(auth.refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(socket.connectCalls).toBe(2);
    socket.acceptConnection();
    expect(service.state()).toBe('connected');
  });

  it('ends the session when a fresh token is refused too', async () => {
    service.start();
    socket.refuseConnection('unauthorized');
    await flush();
    socket.refuseConnection('unauthorized');
    await flush();
    expect(auth.refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(auth.expireSession).toHaveBeenCalled();
  });

  it('ends the session when the token cannot be renewed', async () => {
    auth.refreshAccessToken.mockRejectedValueOnce({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'revoked',
    });
    service.start();
    socket.refuseConnection('unauthorized');
    await flush();
    expect(auth.expireSession).toHaveBeenCalled();
  });

  it('keeps the session when the renewal cannot reach the server, and tries again', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    const drain = async () => {
      for (let i = 0; i < 10; i += 1) await Promise.resolve();
    };
    try {
      auth.refreshAccessToken.mockRejectedValueOnce({
        statusCode: 0,
        error: 'Network Error',
        message: 'offline',
      });
      service.start();
      socket.refuseConnection('unauthorized');
      await drain();
      expect(auth.expireSession).not.toHaveBeenCalled();
      expect(service.state()).toBe('disconnected');
      jest.advanceTimersByTime(5_000);
      expect(socket.connectCalls).toBe(2);
      socket.refuseConnection('unauthorized');
      await drain();
      expect(auth.refreshAccessToken).toHaveBeenCalledTimes(2);
      expect(socket.connectCalls).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reconnects with the new token after a refresh, without showing a lost connection', () => {
    const states: string[] = [];
    service.start();
    socket.acceptConnection();
    socket.disconnect = jest.fn(() => {
      socket.connected = false;
      socket.push('disconnect', 'io client disconnect');
      states.push(service.state());
      return socket;
    });
    void auth.refreshAccessToken();
    expect(socket.disconnect).toHaveBeenCalled();
    expect(socket.connectCalls).toBe(2);
    expect(states).toEqual(['connecting']);
    expect(service.state()).toBe('connecting');
  });

  it('renews the token when the server closes the socket', async () => {
    service.start();
    socket.acceptConnection();
    socket.dropConnection('io server disconnect');
    // A renewal, not a lost connection: no banner.
    expect(service.state()).toBe('connecting');
    await flush();
    expect(auth.refreshAccessToken).toHaveBeenCalled();
    expect(socket.connectCalls).toBe(2);
  });

  it('passes acks through and turns a missing ack into a TIMEOUT failure', async () => {
    service.start();
    socket.acceptConnection();
    const message = aMessage();
    const sent = service.send({
      receiver: message.receiver,
      text: message.text,
      clientMsgId: message.clientMsgId,
    });
    const ack = socket.takeAck('send_message');
    expect(ack.payload).toEqual({
      receiver: message.receiver,
      text: message.text,
      clientMsgId: message.clientMsgId,
    });
    ack.resolve({ ok: true, message });
    await expect(sent).resolves.toEqual({ ok: true, message });

    const refused = service.send({ receiver: 'x', text: 'hi', clientMsgId: 'client-12345' });
    socket.takeAck('send_message').resolve({ ok: false, error: { code: 'BLOCKED', message: 'blocked' } });
    await expect(refused).resolves.toEqual({ ok: false, error: { code: 'BLOCKED', message: 'blocked' } });

    const timedOut = service.send({ receiver: 'x', text: 'hi', clientMsgId: 'client-67890' });
    socket.takeAck('send_message').reject(new Error('operation has timed out'));
    await expect(timedOut).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('drops typing notices while offline', () => {
    service.start();
    service.typing({ receiver: 'x', isTyping: true });
    socket.acceptConnection();
    service.typing({ receiver: 'x', isTyping: true });
    expect(socket.emittedOf('typing')).toEqual([{ receiver: 'x', isTyping: true }]);
  });

  it('disconnects on stop and ignores the socket afterwards', () => {
    service.start();
    socket.acceptConnection();
    service.stop();
    expect(socket.connected).toBe(false);
    expect(service.state()).toBe('idle');
    socket.refuseConnection('unauthorized');
    expect(auth.refreshAccessToken).not.toHaveBeenCalled();
  });
});

describe('CHAT_SOCKET', () => {
  it('targets the /chat namespace, waits to be started, and hands the current token to every handshake', () => {
    let token = 'first';
    TestBed.configureTestingModule({
      providers: [
        { provide: SOCKET_BASE_URL, useValue: 'http://127.0.0.1:9' },
        { provide: AuthStore, useValue: { accessToken: () => token } },
      ],
    });
    const socket = TestBed.inject(CHAT_SOCKET);
    try {
      expect(socket.ioSocket.nsp).toBe('/chat');
      expect(socket.active).toBe(false);
      const handshake = socket.auth as (callback: (data: object) => void) => void;
      const seen: object[] = [];
      handshake((data) => seen.push(data));
      token = 'second';
      handshake((data) => seen.push(data));
      expect(seen).toEqual([{ token: 'first' }, { token: 'second' }]);
    } finally {
      socket.disconnect();
    }
  });
});
