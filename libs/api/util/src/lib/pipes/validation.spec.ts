import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AckException } from '../errors/ack.exception';
import {
  createHttpValidationPipe,
  createWsValidationPipe,
  MAX_PAYLOAD_DEPTH,
  payloadShapeProblem,
} from './validation';

class SampleDto {
  @IsString()
  name!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  count!: number;
}

const body: ArgumentMetadata = { type: 'body', metatype: SampleDto };

describe('createHttpValidationPipe', () => {
  const pipe = createHttpValidationPipe();

  it('converts and returns an instance of the DTO', async () => {
    const value = await pipe.transform({ name: 'a', count: '3' }, body);
    expect(value).toBeInstanceOf(SampleDto);
    expect(value.count).toBe(3);
  });

  it('refuses unknown properties instead of dropping them', async () => {
    await expect(pipe.transform({ name: 'a', count: 1, admin: true }, body)).rejects.toThrow(
      BadRequestException,
    );
  });

  it('refuses operator objects where a string is expected', async () => {
    await expect(pipe.transform({ name: { $gt: '' }, count: 1 }, body)).rejects.toThrow(BadRequestException);
  });
});

describe('createWsValidationPipe', () => {
  const pipe = createWsValidationPipe();

  async function refusal(value: unknown): Promise<AckException> {
    try {
      await pipe.transform(value, body);
    } catch (error) {
      return error as AckException;
    }
    throw new Error('expected a refusal');
  }

  it('refuses with a VALIDATION ack error listing the problems', async () => {
    const error = await refusal({ name: 5, count: 50 });
    expect(error).toBeInstanceOf(AckException);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('name must be a string');
    expect(error.message).toContain('count must not be greater than 10');
  });

  it.each([
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
    ['nothing', undefined],
    ['an array', [1, 2]],
  ])('refuses %s as a payload', async (_case, value) => {
    const error = await refusal(value);
    expect(error.code).toBe('VALIDATION');
  });
});

describe('payload shapes no DTO describes', () => {
  const http = createHttpValidationPipe();
  const ws = createWsValidationPipe();
  const deep = (depth: number) =>
    JSON.parse(`{"name":${'['.repeat(depth)}"x"${']'.repeat(depth)},"count":1}`);

  it.each([
    [
      '__proto__ (as JSON.parse makes it, an own key)',
      '{"name":"a","count":1,"__proto__":{"polluted":true}}',
    ],
    ['constructor', '{"name":"a","count":1,"constructor":{"prototype":{"polluted":true}}}'],
    ['prototype', '{"name":"a","count":1,"prototype":{}}'],
    ['__proto__, nested', '{"name":{"__proto__":{"polluted":true}},"count":1}'],
    ['__proto__, inside an array', '{"name":[{"__proto__":{"polluted":true}}],"count":1}'],
  ])('refuses a %s key instead of dropping it, and pollutes nothing', async (_case, raw) => {
    await expect(http.transform(JSON.parse(raw), body)).rejects.toThrow(BadRequestException);
    const error = await ws.transform(JSON.parse(raw), body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AckException);
    expect((error as AckException).message).toMatch(/should not exist/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses nesting deeper than MAX_PAYLOAD_DEPTH, however deep, without exhausting the stack', async () => {
    for (const depth of [MAX_PAYLOAD_DEPTH, 5_000, 100_000]) {
      await expect(http.transform(deep(depth), body)).rejects.toThrow(BadRequestException);
      await expect(ws.transform(deep(depth), body)).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    // Within the limit the DTO's own rules decide.
    const error = await http.transform(deep(3), body).catch((e: BadRequestException) => e);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      message: ['name must be a string'],
    });
  });

  it('reports the first offending key and the depth', () => {
    expect(payloadShapeProblem({ a: { b: 1 } })).toBeNull();
    expect(payloadShapeProblem(JSON.parse('{"a":{"__proto__":1}}'))?.property).toBe('__proto__');
    expect(payloadShapeProblem(deep(40))?.constraints).toEqual({
      maxDepth: `the payload is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`,
    });
  });
});
