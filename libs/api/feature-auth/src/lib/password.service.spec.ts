import * as bcrypt from 'bcrypt';
import { PasswordService } from './password.service';

jest.mock('bcrypt', () => {
  const actual = jest.requireActual('bcrypt');
  return { ...actual, compare: jest.fn(actual.compare), hash: jest.fn(actual.hash) };
});

const COST = 4;

describe('PasswordService', () => {
  let service: PasswordService;

  beforeEach(() => {
    jest.clearAllMocks();
    service = new PasswordService({ bcryptCost: COST });
  });

  it('hashes with the configured cost and verifies', async () => {
    const hash = await service.hash('correct horse battery');
    expect(bcrypt.getRounds(hash)).toBe(COST);
    expect(hash).not.toContain('correct horse battery');
    await expect(service.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(service.verify('wrong horse battery', hash)).resolves.toBe(false);
  });

  it('spends a bcrypt comparison of the same cost when there is no user', async () => {
    await expect(service.verify('whatever password', null)).resolves.toBe(false);
    expect(bcrypt.compare).toHaveBeenCalledTimes(1);
    const [password, dummyHash] = (bcrypt.compare as jest.Mock).mock.calls[0];
    expect(password).toBe('whatever password');
    expect(bcrypt.getRounds(dummyHash)).toBe(COST);
  });

  it('waits for the dummy comparison before answering', async () => {
    await service.verify('warm-up password', null); // the dummy hash exists from here on
    let resolveCompare: (value: boolean) => void = () => undefined;
    (bcrypt.compare as jest.Mock).mockImplementationOnce(
      () => new Promise<boolean>((resolve) => (resolveCompare = resolve)),
    );
    let settled = false;
    const verifying = service.verify('whatever password', null).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(bcrypt.compare).toHaveBeenCalledTimes(2);
    expect(settled).toBe(false);
    resolveCompare(false);
    await verifying;
    expect(settled).toBe(true);
  });

  it('makes the dummy hash once', async () => {
    await service.verify('a password', null);
    await service.verify('b password', null);
    const hashesOfDummy = (bcrypt.hash as jest.Mock).mock.calls.length;
    expect(hashesOfDummy).toBe(1);
  });
});
