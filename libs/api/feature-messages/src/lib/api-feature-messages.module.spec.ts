import { Test } from '@nestjs/testing';
import { ApiFeatureMessagesModule } from './api-feature-messages.module';

describe('ApiFeatureMessagesModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiFeatureMessagesModule] }).compile();
    expect(moduleRef.get(ApiFeatureMessagesModule)).toBeInstanceOf(ApiFeatureMessagesModule);
  });
});
