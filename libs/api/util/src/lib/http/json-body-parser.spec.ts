import express from 'express';
import request from 'supertest';
import { jsonBodyParser } from './json-body-parser';

describe('jsonBodyParser', () => {
  const app = express();
  app.use(jsonBodyParser(100));
  app.post('/echo', (req, res) => {
    res.json({ body: req.body ?? null });
  });

  it('parses JSON within the limit', async () => {
    const res = await request(app).post('/echo').send({ a: 1 }).expect(200);
    expect(res.body).toEqual({ body: { a: 1 } });
  });

  it('refuses a larger body with 413 in the contract shape', async () => {
    const res = await request(app)
      .post('/echo')
      .send({ a: 'x'.repeat(200) })
      .expect(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body exceeds 100 bytes',
    });
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'malformed JSON body' });
  });

  it('refuses bodies that are not JSON with 415', async () => {
    const res = await request(app).post('/echo').type('form').send('a=1').expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('lets requests without a body through', async () => {
    await request(app).post('/echo').expect(200, { body: null });
  });
});
