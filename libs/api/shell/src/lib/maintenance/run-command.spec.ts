import { bootstrap } from '../bootstrap';
import { repairConversations } from './repair-conversations';
import { runCommand } from './run-command';

jest.mock('../bootstrap', () => ({ bootstrap: jest.fn() }));
jest.mock('./repair-conversations', () => ({ repairConversations: jest.fn() }));

describe('runCommand', () => {
  let stderr: jest.SpyInstance;

  beforeEach(() => {
    jest.mocked(bootstrap).mockReset().mockResolvedValue(undefined);
    jest
      .mocked(repairConversations)
      .mockReset()
      .mockResolvedValue({ conversations: 0, repaired: 0, removed: 0 });
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.exitCode = undefined;
  });

  afterEach(() => {
    stderr.mockRestore();
    process.exitCode = undefined;
  });

  it('starts the server when no command is given', async () => {
    await runCommand([]);
    expect(bootstrap).toHaveBeenCalled();
    expect(repairConversations).not.toHaveBeenCalled();
  });

  it('runs repair-conversations, and exits with 1 when it fails', async () => {
    await runCommand(['repair-conversations']);
    expect(repairConversations).toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();

    jest.mocked(repairConversations).mockRejectedValue(new Error('database is locked'));
    await runCommand(['repair-conversations']);
    expect(process.exitCode).toBe(1);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('database is locked'));
  });

  it('refuses an unknown command or extra arguments with the usage and status 2, starting nothing', async () => {
    for (const argv of [['serve'], ['repair-conversations', '--all']]) {
      process.exitCode = undefined;
      await runCommand(argv);
      expect(process.exitCode).toBe(2);
    }
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('Usage:'));
    expect(bootstrap).not.toHaveBeenCalled();
    expect(repairConversations).not.toHaveBeenCalled();
  });
});
