import { ArgumentsHost } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { AckException } from '../errors/ack.exception';
import { WsAckExceptionFilter } from './ws-ack-exception.filter';

function wsHost(ack?: jest.Mock) {
  const client = { emit: jest.fn() };
  const host = {
    getArgs: () => [client, { some: 'payload' }, ack, 'send_message'],
  } as unknown as ArgumentsHost;
  return { host, client };
}

describe('WsAckExceptionFilter', () => {
  const filter = new WsAckExceptionFilter();

  beforeEach(() => {
    jest
      .spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation(() => undefined);
  });

  it('answers through the ack with the code of an AckException', () => {
    const ack = jest.fn();
    filter.catch(new AckException('BLOCKED', 'you cannot message this user'), wsHost(ack).host);
    expect(ack).toHaveBeenCalledWith({
      ok: false,
      error: { code: 'BLOCKED', message: 'you cannot message this user' },
    });
  });

  it('treats a plain WsException as a validation failure', () => {
    const ack = jest.fn();
    filter.catch(new WsException('bad'), wsHost(ack).host);
    expect(ack).toHaveBeenCalledWith({ ok: false, error: { code: 'VALIDATION', message: 'bad' } });
  });

  it('answers INTERNAL for unexpected errors without describing them', () => {
    const ack = jest.fn();
    filter.catch(new Error('db password is hunter2'), wsHost(ack).host);
    const reply = ack.mock.calls[0][0];
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
  });

  it('emits an exception event when the client gave no ack', () => {
    const { host, client } = wsHost(undefined);
    filter.catch(new AckException('VALIDATION', 'text must be a string'), host);
    expect(client.emit).toHaveBeenCalledWith('exception', {
      event: 'send_message',
      code: 'VALIDATION',
      message: 'text must be a string',
    });
  });
});
