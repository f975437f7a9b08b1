import { DatabaseServer } from './database-server';

describe('DatabaseServer', () => {
  it('uses MONGODB_URI as given and starts no engine', async () => {
    const server = await DatabaseServer.start({
      uri: 'mongodb://db.example:27017/chat',
      embeddedDir: '/nonexistent',
    });
    expect(server.uri).toBe('mongodb://db.example:27017/chat');
    expect(server.embedded).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('explains a DATA_DIR too deep for a Unix socket', async () => {
    await expect(
      DatabaseServer.start({ uri: undefined, embeddedDir: `/tmp/${'d'.repeat(120)}` }),
    ).rejects.toThrow(/too long for a Unix socket/);
  });
});
