import { Test } from '@nestjs/testing';
import { ApiFeatureAuthModule } from './api-feature-auth.module';

describe('ApiFeatureAuthModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiFeatureAuthModule] }).compile();
    expect(moduleRef.get(ApiFeatureAuthModule)).toBeInstanceOf(ApiFeatureAuthModule);
  });
});
