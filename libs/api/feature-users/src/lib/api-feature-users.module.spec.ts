import { Test } from '@nestjs/testing';
import { ApiFeatureUsersModule } from './api-feature-users.module';

describe('ApiFeatureUsersModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiFeatureUsersModule] }).compile();
    expect(moduleRef.get(ApiFeatureUsersModule)).toBeInstanceOf(ApiFeatureUsersModule);
  });
});
