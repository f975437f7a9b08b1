import { ArgumentsHost, BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { TooManyRequestsException } from '../errors/too-many-requests.exception';
import { ApiExceptionFilter, toApiError } from './api-exception.filter';

function httpHost() {
  const response = {
    headersSent: false,
    headers: {} as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, response };
}

describe('toApiError', () => {
  it('keeps the message of an HTTP exception and always names the error', () => {
    expect(toApiError(new NotFoundException('user not found')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'user not found',
    });
    expect(toApiError(new UnauthorizedException()).body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Unauthorized',
    });
  });

  it('keeps the list of validation problems', () => {
    expect(toApiError(new BadRequestException(['a is bad', 'b is bad'])).body.message).toEqual([
      'a is bad',
      'b is bad',
    ]);
  });

  it('maps an unreachable database to 503 and anything else to 500, describing neither', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1'), {
      name: 'MongoServerSelectionError',
    });
    expect(toApiError(down)).toEqual({
      body: { statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable' },
      unexpected: true,
    });
    const bug = toApiError(new TypeError('secret detail'));
    expect(bug.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal server error',
    });
    expect(JSON.stringify(bug.body)).not.toContain('secret detail');
  });
});

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('writes the contract shape', () => {
    const { host, response } = httpHost();
    filter.catch(new NotFoundException('nope'), host);
    expect(response.statusCode).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'nope' });
  });

  it('adds Retry-After in whole seconds to a 429', () => {
    const { host, response } = httpHost();
    filter.catch(new TooManyRequestsException(1500), host);
    expect(response.statusCode).toBe(429);
    expect(response.headers['Retry-After']).toBe('2');
    expect(response.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('logs unexpected errors', () => {
    const { host } = httpHost();
    const log = jest.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error');
    log.mockImplementation(() => undefined);
    filter.catch(new Error('boom'), host);
    expect(log).toHaveBeenCalled();
  });
});
