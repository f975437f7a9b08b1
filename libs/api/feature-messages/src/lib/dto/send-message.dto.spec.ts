import { createWsValidationPipe } from '@chat/api/util';
import { aClientMsgId, anId } from '@chat/shared/util-testing';
import { SendMessageDto } from './send-message.dto';

describe('SendMessageDto (through the gateway pipe)', () => {
  const pipe = createWsValidationPipe();
  const validate = (value: unknown) => pipe.transform(value, { type: 'body', metatype: SendMessageDto });
  const valid = () => ({ receiver: anId(), text: 'hello', clientMsgId: aClientMsgId() });

  it('accepts a valid payload and keeps the text exactly as given', async () => {
    const input = { ...valid(), text: '  <b>hi</b>\n' };
    const dto = await validate(input);
    expect(dto).toBeInstanceOf(SendMessageDto);
    expect(dto.text).toBe('  <b>hi</b>\n');
  });

  it('accepts and ignores a client-supplied sender', async () => {
    await expect(validate({ ...valid(), sender: anId() })).resolves.toBeInstanceOf(SendMessageDto);
  });

  it('accepts (to ignore) a conversationId and createdAt, but no other field of a message', async () => {
    const echo = { ...valid(), conversationId: `${anId()}_${anId()}`, createdAt: '2001-01-01T00:00:00.000Z' };
    await expect(validate(echo)).resolves.toBeInstanceOf(SendMessageDto);
    await expect(validate({ ...valid(), id: anId() })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('counts characters after trimming, emoji as one', async () => {
    await expect(validate({ ...valid(), text: `  ${'x'.repeat(4000)}  ` })).resolves.toBeDefined();
    await expect(validate({ ...valid(), text: '😀'.repeat(4000) })).resolves.toBeDefined();
    await expect(validate({ ...valid(), text: 'x'.repeat(4001) })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(validate({ ...valid(), text: '   ' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it.each([
    ['receiver', { receiver: 'bob' }],
    ['receiver', { receiver: { $gt: '' } }],
    ['clientMsgId', { clientMsgId: '1234567' }],
    ['clientMsgId', { clientMsgId: 'x'.repeat(65) }],
    ['text', { text: ['a'] }],
  ])('refuses a bad %s', async (field, override) => {
    const error = await validate({ ...valid(), ...override }).catch((e) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    expect(error.message).toContain(field);
  });
});
