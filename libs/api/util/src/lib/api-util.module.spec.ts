import { Test } from '@nestjs/testing';
import { ApiUtilModule } from './api-util.module';

describe('ApiUtilModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiUtilModule] }).compile();
    expect(moduleRef.get(ApiUtilModule)).toBeInstanceOf(ApiUtilModule);
  });
});
