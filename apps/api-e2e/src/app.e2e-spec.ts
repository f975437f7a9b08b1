import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule, configureApp } from '@chat/api/shell';
import request from 'supertest';

describe('GET /api', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = configureApp(moduleRef.createNestApplication());
    await app.listen(0);
  });

  afterAll(() => app.close());

  it('answers', async () => {
    const res = await request(app.getHttpServer()).get('/api').expect(200);
    expect(res.body).toEqual({ message: 'Hello API' });
  });
});
