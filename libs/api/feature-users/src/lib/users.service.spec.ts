import { ConflictException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { aUser, anId } from '@chat/shared/util-testing';
import { UsersRepository } from '@chat/api/data-access';
import { UsersService } from './users.service';

describe('UsersService', () => {
  const repo = {
    create: jest.fn(),
    findById: jest.fn(),
    findManyByIds: jest.fn(),
    searchByPrefix: jest.fn(),
  };
  let service: UsersService;

  beforeEach(async () => {
    Object.values(repo).forEach((fn) => fn.mockReset());
    const moduleRef = await Test.createTestingModule({
      providers: [UsersService, { provide: UsersRepository, useValue: repo }],
    }).compile();
    service = moduleRef.get(UsersService);
  });

  it('stores the normalised username', async () => {
    const user = aUser({ username: 'alice' });
    repo.create.mockResolvedValue(user);
    await expect(service.create('ＡＬＩＣＥ', 'hash')).resolves.toBe(user);
    expect(repo.create).toHaveBeenCalledWith('alice', 'hash');
  });

  it('answers 409 when the name is taken', async () => {
    repo.create.mockResolvedValue(null);
    await expect(service.create('Alice', 'hash')).rejects.toThrow(ConflictException);
  });

  it('answers 404 for an unknown user', async () => {
    repo.findById.mockResolvedValue(null);
    await expect(service.get(anId())).rejects.toThrow(NotFoundException);
  });

  it('searches by normalised prefix, excluding the caller', async () => {
    repo.searchByPrefix.mockResolvedValue([]);
    const caller = anId();
    await service.search(caller, 'ＡＬ', 5);
    expect(repo.searchByPrefix).toHaveBeenCalledWith('al', caller, 5);
    await service.search(caller, 'al');
    expect(repo.searchByPrefix).toHaveBeenLastCalledWith('al', caller, 20);
  });

  it('finds many users with one query, then from memory (ids in any case), and never remembers unknown ids', async () => {
    const [a, b] = [aUser({ id: anId() }), aUser({ id: anId() })];
    const unknown = anId();
    repo.findManyByIds.mockImplementation(async (ids: string[]) => [a, b].filter((u) => ids.includes(u.id)));
    const first = await service.findMany([a.id, b.id, unknown, a.id]);
    expect([...first.keys()]).toEqual([a.id, b.id]);
    expect(repo.findManyByIds).toHaveBeenCalledTimes(1);
    expect(repo.findManyByIds).toHaveBeenCalledWith([a.id, b.id, unknown]);
    const again = await service.findMany([a.id.toUpperCase(), b.id]);
    expect(again.get(a.id)).toBe(a);
    expect(repo.findManyByIds).toHaveBeenCalledTimes(1);
    await service.findMany([unknown]);
    expect(repo.findManyByIds).toHaveBeenLastCalledWith([unknown]);
  });
});
