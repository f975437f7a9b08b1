import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { IsPassword, IsStringOfMaxBytes, IsUsername } from './contract-validators';

class Registration {
  @IsUsername()
  username!: string;

  @IsPassword()
  password!: string;
}

class Login {
  @IsStringOfMaxBytes()
  password!: string;
}

async function problems<T extends object>(cls: new () => T, plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, plain));
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('contract validators', () => {
  it('accept what the contract accepts', async () => {
    expect(await problems(Registration, { username: 'Alice_1', password: 'correct horse' })).toEqual([]);
  });

  it('report the contract message for a bad username', async () => {
    expect(await problems(Registration, { username: 'al ice', password: 'correct horse' })).toEqual([
      'username may contain only letters a-z, digits and _ . -',
    ]);
  });

  it('refuse a password over 72 bytes instead of cutting it', async () => {
    const [message] = await problems(Registration, { username: 'alice', password: '😀'.repeat(19) });
    expect(message).toContain('72 bytes');
  });

  it('refuse values that are not strings', async () => {
    expect(await problems(Registration, { username: { $ne: null }, password: 12345678 })).toEqual([
      'username must be a string',
      'password must be a string',
    ]);
  });

  it('bound login passwords by bytes and refuse empty ones', async () => {
    expect(await problems(Login, { password: '' })).toEqual(['password must not be empty']);
    expect(await problems(Login, { password: 'a'.repeat(73) })).toEqual([
      'password must be at most 72 bytes in UTF-8',
    ]);
    expect(await problems(Login, { password: 'a'.repeat(72) })).toEqual([]);
  });
});
