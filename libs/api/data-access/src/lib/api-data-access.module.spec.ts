import { Test } from '@nestjs/testing';
import { ApiDataAccessModule } from './api-data-access.module';

describe('ApiDataAccessModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiDataAccessModule] }).compile();
    expect(moduleRef.get(ApiDataAccessModule)).toBeInstanceOf(ApiDataAccessModule);
  });
});
