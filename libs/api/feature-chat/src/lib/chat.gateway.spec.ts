import { Test } from '@nestjs/testing';
import { ChatGateway } from './chat.gateway';
import { ChatNotifier } from './chat-notifier';
import { ChatService } from './chat.service';
import type { ChatNamespace, ChatSocket } from './chat-socket';
import { SocketAuthenticator } from './socket-authenticator';

describe('ChatGateway', () => {
  const chat = {
    connected: jest.fn(),
    disconnected: jest.fn(),
    sendMessage: jest.fn(),
    markRead: jest.fn(),
    typing: jest.fn(),
    drain: jest.fn(),
  };
  const notifier = { attach: jest.fn() };
  const middleware = jest.fn();
  let gateway: ChatGateway;
  const socket = { id: 's1' } as ChatSocket;

  beforeEach(async () => {
    Object.values(chat).forEach((fn) => fn.mockReset());
    const moduleRef = await Test.createTestingModule({
      providers: [
        ChatGateway,
        { provide: ChatService, useValue: chat },
        { provide: ChatNotifier, useValue: notifier },
        { provide: SocketAuthenticator, useValue: { middleware } },
      ],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  it('authenticates every handshake in middleware and gives the namespace to the notifier', () => {
    const namespace = { use: jest.fn() } as unknown as ChatNamespace & { use: jest.Mock };
    gateway.afterInit(namespace);
    expect(namespace.use).toHaveBeenCalledWith(middleware);
    expect(notifier.attach).toHaveBeenCalledWith(namespace);
  });

  it('delegates events to ChatService, passing the ack only when the client gave one', async () => {
    const body = { receiver: 'r', text: 't', clientMsgId: 'c'.repeat(8) };
    const ack = jest.fn();
    await gateway.sendMessage(socket, body, ack);
    expect(chat.sendMessage).toHaveBeenCalledWith(socket, body, ack);
    await gateway.sendMessage(socket, body, undefined as never);
    expect(chat.sendMessage).toHaveBeenLastCalledWith(socket, body, undefined);
    await gateway.markRead(socket, { peer: 'p', upTo: 'u' });
    expect(chat.markRead).toHaveBeenCalledWith(socket, { peer: 'p', upTo: 'u' });
    await gateway.typing(socket, { receiver: 'r', isTyping: true });
    expect(chat.typing).toHaveBeenCalledWith(socket, { receiver: 'r', isTyping: true });
  });

  it('drains before the application shuts down', async () => {
    await gateway.beforeApplicationShutdown();
    expect(chat.drain).toHaveBeenCalled();
  });
});
