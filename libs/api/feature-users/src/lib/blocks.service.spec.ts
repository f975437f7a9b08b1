import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { aUser, anId } from '@chat/shared/util-testing';
import { BlocksRepository, UsersRepository } from '@chat/api/data-access';
import { DomainEventBus } from '@chat/api/util';
import { BlocksService } from './blocks.service';
import { UsersService } from './users.service';

describe('BlocksService', () => {
  const blocks = { block: jest.fn(), unblock: jest.fn(), blockedBy: jest.fn(), eitherBlocked: jest.fn() };
  const usersRepository = { findManyByIds: jest.fn() };
  const users = { get: jest.fn() };
  const events = { publish: jest.fn() };
  let service: BlocksService;
  const me = anId();

  beforeEach(async () => {
    [blocks, usersRepository, users, events].forEach((m) => Object.values(m).forEach((fn) => fn.mockReset()));
    const moduleRef = await Test.createTestingModule({
      providers: [
        BlocksService,
        { provide: BlocksRepository, useValue: blocks },
        { provide: UsersRepository, useValue: usersRepository },
        { provide: UsersService, useValue: users },
        { provide: DomainEventBus, useValue: events },
      ],
    }).compile();
    service = moduleRef.get(BlocksService);
  });

  it('blocks an existing user and publishes user.blocked once', async () => {
    const other = anId();
    users.get.mockResolvedValue(aUser({ id: other }));
    blocks.block.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    await service.block(me, other);
    await service.block(me, other);
    expect(blocks.block).toHaveBeenCalledWith(me, other);
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(events.publish).toHaveBeenCalledWith(
      'user.blocked',
      expect.objectContaining({ blocker: me, blocked: other }),
    );
  });

  it('answers 404 for an unknown user and 400 for oneself', async () => {
    users.get.mockRejectedValue(new NotFoundException());
    await expect(service.block(me, anId())).rejects.toThrow(NotFoundException);
    await expect(service.block(me, me)).rejects.toThrow(BadRequestException);
    expect(blocks.block).not.toHaveBeenCalled();
  });

  it('lists blocked users in block order, skipping deleted accounts', async () => {
    const [a, b, c] = [aUser(), aUser(), aUser()];
    blocks.blockedBy.mockResolvedValue([b.id, a.id, c.id]);
    usersRepository.findManyByIds.mockResolvedValue([a, b]);
    await expect(service.list(me)).resolves.toEqual([b, a]);
  });

  it('unblocks idempotently', async () => {
    blocks.unblock.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    const other = anId();
    await service.unblock(me, other);
    await service.unblock(me, other);
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(events.publish).toHaveBeenCalledWith(
      'user.unblocked',
      expect.objectContaining({ blocker: me, blocked: other }),
    );
  });
});
