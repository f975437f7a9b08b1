import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AckException } from '../errors/ack.exception';
import { createHttpValidationPipe, createWsValidationPipe } from './validation';

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
