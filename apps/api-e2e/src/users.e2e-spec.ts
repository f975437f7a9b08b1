import type { User } from '@chat/shared/contracts';
import { registerUser, startTestApp, TestApp, TestUser } from './support';

describe('users and blocks (REST)', () => {
  let app: TestApp;
  let me: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    me = await registerUser(app, 'searcher');
  });

  afterAll(() => app.close());

  it('GET /api/users/me answers the caller', async () => {
    const res = await app.http().get('/api/users/me').set(me.auth).expect(200);
    expect(res.body).toEqual(me.user);
  });

  describe('GET /api/users?search=', () => {
    let names: string[];

    beforeAll(async () => {
      names = [];
      for (const username of ['Zed_One', 'zed_two', 'zed.three', 'zebra']) {
        const res = await app
          .http()
          .post('/api/auth/register')
          .send({ username, password: 'correct horse' })
          .expect(201);
        names.push(res.body.user.username);
      }
    });

    it('matches by prefix, case-insensitively, in username order', async () => {
      const res = await app.http().get('/api/users?search=ZED').set(me.auth).expect(200);
      expect(res.body.map((u: User) => u.username)).toEqual(['zed.three', 'zed_one', 'zed_two']);
      expect(Object.keys(res.body[0]).sort()).toEqual(['createdAt', 'id', 'username']);
    });

    it('treats the prefix as text, not a pattern', async () => {
      expect((await app.http().get('/api/users?search=z.d').set(me.auth).expect(200)).body).toEqual([]);
      expect((await app.http().get('/api/users?search=.*').set(me.auth).expect(200)).body).toEqual([]);
    });

    it('never returns the caller', async () => {
      const res = await app.http().get(`/api/users?search=${me.username}`).set(me.auth).expect(200);
      expect(res.body).toEqual([]);
    });

    it('honours limit', async () => {
      const res = await app.http().get('/api/users?search=ze&limit=2').set(me.auth).expect(200);
      expect(res.body).toHaveLength(2);
    });

    it.each([
      ['no search', '/api/users'],
      ['an empty search', '/api/users?search='],
      ['limit 0', '/api/users?search=ze&limit=0'],
      ['limit 51', '/api/users?search=ze&limit=51'],
      ['a non-numeric limit', '/api/users?search=ze&limit=ten'],
      ['an operator in the query', '/api/users?search[$ne]=x'],
      ['a repeated search', '/api/users?search=a&search=b'],
      ['an unknown parameter', '/api/users?search=ze&admin=1'],
    ])('refuses %s with 400', async (_case, url) => {
      const res = await app.http().get(url).set(me.auth);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('needs a token', async () => {
      await app.http().get('/api/users?search=ze').expect(401);
    });
  });

  describe('blocks', () => {
    it('PUT, GET and DELETE /api/blocks', async () => {
      const blocker = await registerUser(app, 'blocker');
      const [x, y] = [await registerUser(app, 'blockee'), await registerUser(app, 'blockee')];
      await app.http().put(`/api/blocks/${x.user.id}`).set(blocker.auth).expect(204);
      await app.http().put(`/api/blocks/${y.user.id}`).set(blocker.auth).expect(204);
      await app.http().put(`/api/blocks/${x.user.id}`).set(blocker.auth).expect(204); // idempotent
      expect((await app.http().get('/api/blocks').set(blocker.auth).expect(200)).body).toEqual([
        x.user,
        y.user,
      ]);
      expect((await app.http().get('/api/blocks').set(x.auth).expect(200)).body).toEqual([]);

      await app.http().delete(`/api/blocks/${x.user.id}`).set(blocker.auth).expect(204);
      await app.http().delete(`/api/blocks/${x.user.id}`).set(blocker.auth).expect(204); // idempotent
      expect((await app.http().get('/api/blocks').set(blocker.auth).expect(200)).body).toEqual([y.user]);
    });

    it('404 for an unknown user, 400 for a malformed id or oneself', async () => {
      const res = await app.http().put('/api/blocks/65a000000000000000000000').set(me.auth);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      await app.http().put('/api/blocks/not-an-id').set(me.auth).expect(400);
      await app.http().put(`/api/blocks/${me.user.id}`).set(me.auth).expect(400);
      await app.http().delete('/api/blocks/not-an-id').set(me.auth).expect(400);
    });

    it('need a token', async () => {
      await app.http().get('/api/blocks').expect(401);
      await app.http().put(`/api/blocks/${me.user.id}`).expect(401);
      await app.http().delete(`/api/blocks/${me.user.id}`).expect(401);
    });
  });
});
